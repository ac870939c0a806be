/**
 * A folder of modules held as text: a space's memory root. Its files live in
 * the space's record (plain data, so they reach the off-thread hooks with it)
 * and their URLs are `memory://m<n>/<path>`: the host keeps relative URLs
 * inside the folder, and stack traces name the file.
 */
import type { Place } from './place.js';

export const MEMORY_SCHEME = 'memory:';

/** A memory root as the space record carries it. */
export interface MemoryRoot {
  /** `memory://m1/` */
  url: string;
  /** Path inside the folder (`fib.js`, `grok/blah.js`) → source text. */
  files: Record<string, string>;
}

const places = new WeakMap<MemoryRoot, Place>();

/** The place for a memory root; one per root object, so lookups stay cheap. */
export function memoryPlace(root: MemoryRoot): Place {
  let place = places.get(root);
  if (place === undefined) {
    place = createMemoryPlace(root);
    places.set(root, place);
  }
  return place;
}

function createMemoryPlace(root: MemoryRoot): Place {
  const files = new Map<string, string>();
  const folders = new Set<string>(['']);
  for (const [path, text] of Object.entries(root.files)) {
    files.set(path, text);
    // Every folder on the way down holds something.
    for (let at = path.indexOf('/'); at !== -1; at = path.indexOf('/', at + 1)) folders.add(path.slice(0, at + 1));
  }
  const pathOf = (url: string): string | undefined => {
    const plain = stripSearch(url);
    if (!plain.startsWith(root.url)) return undefined;
    try {
      return decodeURIComponent(plain.slice(root.url.length));
    } catch {
      return undefined;
    }
  };
  return {
    url: root.url,
    isFile: (url) => {
      const path = pathOf(url);
      return path !== undefined && files.has(path);
    },
    isDirectory: (url) => {
      const path = pathOf(url);
      return path !== undefined && (path === '' || (path.endsWith('/') && folders.has(path)));
    },
    read: (url) => {
      const path = pathOf(url);
      const text = path === undefined ? undefined : files.get(path);
      if (text === undefined) {
        throw Object.assign(new Error(`Cannot find module '${stripSearch(url)}' in the memory root ${root.url}`), { code: 'ERR_MODULE_NOT_FOUND', url });
      }
      return Buffer.from(text, 'utf8');
    },
  };
}

function stripSearch(url: string): string {
  const query = url.indexOf('?');
  const hash = url.indexOf('#');
  const end = Math.min(query === -1 ? url.length : query, hash === -1 ? url.length : hash);
  return url.slice(0, end);
}
