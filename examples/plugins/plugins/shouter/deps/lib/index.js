// lib 2.x: format(name, { loud }) shouts when asked.
export const version = '2.1.0';
export const format = (name, { loud = false } = {}) => (loud ? `HELLO, ${name.toUpperCase()}!` : `hello, ${name}`);
