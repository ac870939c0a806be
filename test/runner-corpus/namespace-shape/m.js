export const a = 'A';
export const B = 'b';
export const _u = 1;
export const Z = 2;
export const é = 3;
export const $ = 4;
export { a as 'with space', a as '10', a as '2' };
export default 'd';
