export const y = 3;
