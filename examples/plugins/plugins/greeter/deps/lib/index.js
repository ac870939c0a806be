// lib 1.x: format(name) is polite.
export const version = '1.4.0';
export const format = (name) => `hello, ${name}`;
