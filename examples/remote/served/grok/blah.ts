// TypeScript from a web server: compiled by the space like any .ts file.
export interface Blah { says: string; from: string }
export const blah: Blah = { says: 'blah', from: import.meta.url };
