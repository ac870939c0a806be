export const x = "a"; export const onlyA = 1;
