export const other = () => {};
