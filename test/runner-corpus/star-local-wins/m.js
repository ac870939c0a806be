export const a = "star"; export const b = "star";
