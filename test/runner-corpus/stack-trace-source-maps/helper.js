export const helper = (fn) => fn();
export const other = () => {};
