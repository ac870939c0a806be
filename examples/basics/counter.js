// Top-level state: every instance of this module has its own `count`.
let count = 0;

export function increment() {
  count += 1;
  return count;
}
