export { b as a } from './other.js';
export * from './star.js';
export const z = 'z', m = 'm';
export default function named() {}
export async function af() {}
