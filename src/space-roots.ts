/**
 * `space.roots`: the space's ordered, editable list of roots (its
 * `sys.path`). Each edit is validated first, then replaces the list the
 * hooks search: imports resolved later see it; modules already loaded keep
 * what they resolved (as Node's resolve cache does).
 */
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { describe, relativePathURL } from './options.js';
import { parseRoot, type RootEntry, type RootOption } from './resolution-options.js';
import { archiveRootURL, type ArchiveSettings } from '../core/places/archive.js';

export class SpaceRoots implements Iterable<string> {
  readonly #base: string;
  readonly #archive: ArchiveSettings | undefined;
  readonly #commit: (entries: RootEntry[]) => void;
  #entries: RootEntry[];

  /** @internal made by ModuleSpace */
  constructor(entries: readonly RootEntry[], base: string, archive: ArchiveSettings | undefined, commit: (entries: RootEntry[]) => void) {
    this.#entries = [...entries];
    this.#base = base;
    this.#archive = archive;
    this.#commit = commit;
  }

  get length(): number {
    return this.#entries.length;
  }

  /** The roots as URLs, in search order: `file:` folders, `archive:`, `memory:` and `http(s):` bases. */
  *[Symbol.iterator](): Iterator<string> {
    for (const entry of this.#entries) yield urlOf(entry);
  }

  toArray(): string[] {
    return [...this];
  }

  toJSON(): string[] {
    return this.toArray();
  }

  /** Adds a root at `index` (default: last, searched after the others). Returns its URL. */
  add(root: RootOption, index: number = this.#entries.length): string {
    if (!Number.isInteger(index) || index < 0 || index > this.#entries.length) {
      throw new ModspaceError(ErrorCodes.INVALID_OPTION, `roots.add(): index must be an integer from 0 to ${this.#entries.length}, got ${describe(index)}`);
    }
    const entry = parseRoot(root, 'roots.add()', this.#base, describe, this.#archive);
    const url = urlOf(entry);
    if (this.#entries.some((existing) => urlOf(existing) === url)) {
      throw new ModspaceError(ErrorCodes.INVALID_OPTION, `roots.add(): ${url} is already a root`);
    }
    const next = [...this.#entries];
    next.splice(index, 0, entry);
    this.#replace(next);
    return url;
  }

  /** Removes a root, named by its URL or path as given or as listed. Answers whether it was there. */
  remove(root: string | URL): boolean {
    const url = this.#urlFor(root);
    const next = this.#entries.filter((entry) => urlOf(entry) !== url);
    if (next.length === this.#entries.length) return false;
    this.#replace(next);
    return true;
  }

  /** Replaces the whole list (validated as a whole: one bad root changes nothing). */
  set(roots: readonly RootOption[]): void {
    if (!Array.isArray(roots)) throw new ModspaceError(ErrorCodes.INVALID_OPTION, `roots.set() takes an array of roots, got ${describe(roots)}`);
    this.#replace(roots.map((root: RootOption, index) => parseRoot(root, `roots[${index}]`, this.#base, describe, this.#archive)));
  }

  #replace(entries: RootEntry[]): void {
    this.#commit(entries);
    this.#entries = entries;
  }

  #urlFor(root: string | URL): string {
    if (root instanceof URL) return withSlash(root.href);
    if (typeof root !== 'string' || root === '') throw new ModspaceError(ErrorCodes.INVALID_OPTION, `roots.remove() takes a root's URL or path, got ${describe(root)}`);
    const listed = this.#entries.map(urlOf);
    if (listed.includes(root) || listed.includes(withSlash(root))) return listed.includes(root) ? root : withSlash(root);
    const file = isAbsolute(root) ? pathToFileURL(root).href : /^[a-z][a-z\d+.-]*:/i.test(root) ? root : relativePathURL(root, this.#base).href;
    const archive = file.startsWith('file:') ? archiveRootURL(file) : file;
    return listed.find((url) => url === withSlash(file) || url === archive) ?? file;
  }
}

function urlOf(entry: RootEntry): string {
  return typeof entry === 'string' ? entry : entry.url;
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
