/**
 * Main-thread home of override values that are live objects. Generated
 * modules claim their value by key (core/generated.ts); `dispose()` releases
 * every key of a space, which also clears the bindings of modules that
 * already evaluated, so the values become collectable.
 */
import { LIVE_REGISTRY_SYMBOL } from '../core/generated.js';
import { ErrorCodes, ModspaceError } from '../core/errors.js';

interface LiveEntry {
  value: unknown;
  releasers: Array<() => void>;
}

/** What a generated module receives when it claims its value. */
export interface LiveClaim {
  value: unknown;
  onRelease(release: () => void): void;
}

export class LiveRegistry {
  readonly #entries = new Map<string, LiveEntry>();

  put(key: string, value: unknown): void {
    this.#entries.set(key, { value, releasers: [] });
  }

  claim(key: string): LiveClaim {
    const entry = this.#entries.get(key);
    if (entry === undefined) {
      throw new ModspaceError(ErrorCodes.DISPOSED, `Override value ${key} was released: its space was disposed`);
    }
    return { value: entry.value, onRelease: (release) => entry.releasers.push(release) };
  }

  release(keys: Iterable<string>): void {
    for (const key of keys) {
      const entry = this.#entries.get(key);
      if (entry === undefined) continue;
      this.#entries.delete(key);
      const releasers = entry.releasers;
      // The claim's onRelease closure keeps the entry reachable: empty it too.
      entry.value = undefined;
      entry.releasers = [];
      for (const release of releasers) release();
    }
  }

  get size(): number {
    return this.#entries.size;
  }
}

type GlobalWithRegistry = typeof globalThis & { [key: symbol]: LiveRegistry | undefined };

/** The one registry of this thread, shared by every copy of modspace loaded in it. */
export function liveRegistry(): LiveRegistry {
  const scope = globalThis as GlobalWithRegistry;
  const symbol = Symbol.for(LIVE_REGISTRY_SYMBOL);
  let registry = scope[symbol];
  if (registry === undefined) {
    registry = new LiveRegistry();
    Object.defineProperty(scope, symbol, { value: registry, enumerable: false, configurable: false, writable: false });
  }
  return registry;
}
