export function boom() {
  throw new Error('from orig.ts');
}
//# sourceMappingURL=gen.js.map
