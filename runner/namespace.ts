// Module namespace objects that behave, as observed from JavaScript, like
// native ones: null prototype, not extensible, export names sorted, each a
// writable, enumerable, non-configurable data property whose value is the live
// binding (reading one in its TDZ throws ReferenceError), writes and deletes
// refused, `Symbol.toStringTag` 'Module'. A Proxy is the only way to report a
// data descriptor whose value changes; its target holds the same keys so the
// Proxy invariants hold, and a copy of the values so that util.inspect (which
// shows a Proxy's target) prints something close to the truth.

interface NamespaceState {
  readonly target: Record<string, unknown>;
  readonly view: Record<string, unknown>;
  readonly names: readonly string[];
}

const states = new WeakMap<object, NamespaceState>();

const arrayIndex = (name: string): boolean => /^(?:0|[1-9]\d*)$/.test(name) && Number(name) < 2 ** 32 - 1;

/**
 * The spec sorts export names by code unit; V8 lists array-index names first,
 * in numeric order, as it does for every object. Observed order is V8's.
 */
function sortNames(names: Iterable<string>): string[] {
  const all = [...names];
  const indexes = all.filter(arrayIndex).sort((a, b) => Number(a) - Number(b));
  return [...indexes, ...all.filter((name) => !arrayIndex(name)).sort()];
}

/** `view` has a getter for every name in `names`. */
export function createNamespace(view: object, names: Iterable<string>): object {
  const sorted = sortNames(names);
  const exported = new Set(sorted);
  const target = Object.create(null) as Record<string, unknown>;
  for (const name of sorted) {
    Object.defineProperty(target, name, { value: undefined, writable: true, enumerable: true, configurable: false });
  }
  Object.defineProperty(target, Symbol.toStringTag, { value: 'Module' });
  Object.preventExtensions(target);
  const live = view as Record<string, unknown>;

  const read = (name: string): unknown => {
    const value = live[name];
    target[name] = value;
    return value;
  };

  const namespace = new Proxy(target, {
    get(_, key) {
      if (typeof key === 'symbol') return Reflect.get(target, key);
      return exported.has(key) ? read(key) : undefined;
    },
    set: () => false,
    has(_, key) {
      return typeof key === 'symbol' ? Reflect.has(target, key) : exported.has(key);
    },
    deleteProperty(_, key) {
      if (typeof key === 'symbol') return Reflect.deleteProperty(target, key);
      return !exported.has(key);
    },
    getOwnPropertyDescriptor(_, key) {
      if (typeof key === 'symbol') return Reflect.getOwnPropertyDescriptor(target, key);
      if (!exported.has(key)) return undefined;
      return { value: read(key), writable: true, enumerable: true, configurable: false };
    },
    defineProperty(_, key, descriptor) {
      if (typeof key === 'symbol') return Reflect.defineProperty(target, key, descriptor);
      if (!exported.has(key)) return false;
      const value = read(key);
      if (descriptor.configurable === true || descriptor.enumerable === false) return false;
      if ('get' in descriptor || 'set' in descriptor || descriptor.writable === false) return false;
      return !('value' in descriptor) || Object.is(descriptor.value, value);
    },
    ownKeys: () => [...sorted, Symbol.toStringTag],
  });
  states.set(namespace, { target, view: live, names: sorted });
  return namespace;
}

/** Copies the current values into the target (for util.inspect); bindings still in their TDZ are skipped. */
export function refreshNamespace(namespace: object): void {
  const state = states.get(namespace);
  if (!state) return;
  for (const name of state.names) {
    try {
      state.target[name] = state.view[name];
    } catch {
      // Still uninitialised: util.inspect shows undefined, as good as it gets.
    }
  }
}
