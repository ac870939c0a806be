export function memo(fn) {
  const seen = new Map();
  return (n) => {
    if (!seen.has(n)) seen.set(n, fn(n));
    return seen.get(n);
  };
}
