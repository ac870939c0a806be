export const near = 10;
