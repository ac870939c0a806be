export const x = 'X';
