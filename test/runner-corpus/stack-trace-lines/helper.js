export const helper = (fn) => fn();
