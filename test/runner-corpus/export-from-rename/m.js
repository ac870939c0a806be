export const a = 1; export default "d"; export const c = 3;
