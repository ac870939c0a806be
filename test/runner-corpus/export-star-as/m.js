export const x = 1; export default 2;
