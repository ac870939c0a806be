export const x = "b"; export const onlyB = 2;
