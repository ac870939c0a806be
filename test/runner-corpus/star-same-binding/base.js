export const shared = "s";
