export const s1 = 1, a = "shadowed by explicit";
