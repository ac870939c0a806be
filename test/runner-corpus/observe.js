// The corpus's observation convention: a program prints one JSON line per
// observation, and the differential test compares both engines' lines. Values
// are described, not printed, so that what is compared is what a program can
// observe (error kinds and codes, namespace shapes, file:line of a frame).
export function log(label, value) {
  console.log(JSON.stringify([label, describe(value)]));
}

export function describe(value, depth = 0) {
  if (value === undefined) return '<undefined>';
  if (typeof value === 'function') return `<function ${value.name}>`;
  if (typeof value === 'symbol' || typeof value === 'bigint') return `<${String(value)}>`;
  if (value instanceof Error) return error(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth > 3) return '<deep>';
  if (Array.isArray(value)) return value.map((item) => describe(item, depth + 1));
  const out = {};
  for (const key of Object.keys(value)) out[key] = describe(value[key], depth + 1);
  return out;
}

/** An error's kind, code and (unless told otherwise) message. */
export function error(e, { message = true } = {}) {
  if (!(e instanceof Object)) return { thrown: describe(e) };
  const out = { error: e.constructor?.name ?? 'Object' };
  if (e.code !== undefined) out.code = e.code;
  if (message) out.message = e.message;
  return out;
}

/** Runs fn (sync or async) and logs its value or its error. */
export async function attempt(label, fn, options) {
  try {
    log(label, await fn());
  } catch (e) {
    console.log(JSON.stringify([label, error(e, options)]));
  }
}

/** `name.js:line` of the first stack frame that names a .js file. */
export function where(e) {
  const match = /([\w.-]+\.(?:m?js|cjs)):(\d+):\d+/.exec(String(e.stack).split('\n').slice(1).join('\n'));
  return match ? `${match[1]}:${match[2]}` : '<no frame>';
}

/** `name.js:line:column` of the first stack frame that names a .js file (columns need source maps in the runner). */
export function whereExactly(e) {
  const match = /([\w.-]+\.(?:m?js|cjs)):(\d+):(\d+)/.exec(String(e.stack).split('\n').slice(1).join('\n'));
  return match ? `${match[1]}:${match[2]}:${match[3]}` : '<no frame>';
}

/** Everything observable about a module namespace object. */
export function namespace(ns) {
  const keys = Reflect.ownKeys(ns).map(String);
  const descriptors = {};
  for (const key of Object.keys(ns)) {
    const d = Object.getOwnPropertyDescriptor(ns, key);
    descriptors[key] = { value: describe(d.value), writable: d.writable, enumerable: d.enumerable, configurable: d.configurable };
  }
  return {
    keys,
    descriptors,
    prototype: Object.getPrototypeOf(ns),
    extensible: Object.isExtensible(ns),
    frozen: Object.isFrozen(ns),
    sealed: Object.isSealed(ns),
    tag: ns[Symbol.toStringTag],
    toString: Object.prototype.toString.call(ns),
    instanceofObject: ns instanceof Object,
    typeof: typeof ns,
  };
}
