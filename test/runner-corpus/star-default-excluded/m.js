export default 1; export const named = 2;
