/**
 * The public options of a space and their validation. Everything a user can
 * get wrong is caught here, before any state exists, so a bad call leaves
 * nothing behind.
 */
import { statSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, guarded, invalidOption, isPlainObject, itemsOf, localFileURL } from './option-input.js';
import type { OverrideValue } from './overrides.js';
import { parseImports, parseRoots, type RootEntry, type RootOption } from './resolution-options.js';
import { parseRemote, type RemoteOptions } from './remote-options.js';
import { parseArchive, type ArchiveOptions } from './archive-options.js';
import { parseTransforms } from './transform-options.js';
import { closest } from './did-you-mean.js';
import type { RemotePolicy } from '../core/state.js';
import type { ArchiveSettings } from '../core/places/archive.js';

export { describe, isPlainObject, relativePathURL } from './option-input.js';

/**
 * Patterns: builtins (`fs`, `node:fs/promises`, `node:*`), packages (`lodash`,
 * `@scope/*`, `lodash.*`), paths against `base` (`./x.js`, `./secrets/`,
 * `./plugins/**\/private/*.js`) and URL schemes (`data:`, `https:`). A pattern
 * covers what it matches and everything below it.
 */
export interface PolicyOptions {
  /** Never to be imported by the space's modules; wins over `allow`. */
  deny?: readonly string[];
  /**
   * When given, only these builtins, packages and schemes may be imported;
   * files too when it names a path. `node:module`, `node:vm`,
   * `node:worker_threads` and `data:` must be named (a glob does not allow them).
   */
  allow?: readonly string[];
}

export interface ModuleSpaceOptions {
  /** Shows up in errors and traces. Default: `space-<id>`. */
  name?: string;
  /** Resolves relative specifiers and keys: a file URL, a URL object or an absolute path. Default: the working directory. */
  base?: string | URL;
  /** What imports of a key become: a live value, a redirect (string or `redirect()`), or `source()` text. */
  overrides?: Readonly<Record<string, OverrideValue>>;
  /** Specifiers whose single instance is delegated to the parent space. */
  share?: readonly string[];
  /** Which imports the space's modules may make; `'none'` refuses every import. */
  policy?: PolicyOptions | 'none';
  /** Export conditions added to Node's defaults for resolution in this space. */
  conditions?: readonly string[];
  /**
   * Aliases for bare specifiers, like an import map's `imports`: exact keys
   * (`'lib': './vendor/lib-1.2.0/index.js'`) and prefixes ending in `/`
   * (`'lib/': './vendor/lib-1.2.0/'`). Targets are paths relative to `base`,
   * absolute paths, file URLs, builtins or package specifiers; a folder names
   * a package folder. Inherited by children unless given.
   */
  imports?: Readonly<Record<string, string | URL>>;
  /**
   * Places searched, in order, for bare specifiers before Node's node_modules
   * lookup, as extra node_modules folders: `roots: ['./deps']` makes `lib`
   * the package `./deps/lib/` or the file `./deps/lib.js`. A root is a
   * folder, an archive (`.zip`, `.tgz`), an `http(s)://` base (fetched under
   * `remote`) or `{ files }` held in memory. Editable later through
   * `space.roots`. Inherited by children unless given.
   */
  roots?: ReadonlyArray<RootOption>;
  /** Where remote modules may come from and how they are pinned and cached; nothing is allowed without it. Inherited by children unless given. */
  remote?: RemoteOptions;
  /** How archives (`.zip`, `.tgz`, `.tar`) are read: `{ maxBytes }` bounds what one may unpack to. Inherited by children unless given. */
  archive?: ArchiveOptions;
  /**
   * File extension → module exporting `transform(source, url)` that turns
   * such files into JavaScript, wherever they come from (TypeScript is built
   * in): `{ '.coffee': './coffee-transform.mjs' }`. Inherited by children unless given.
   */
  transforms?: Readonly<Record<string, string | URL>>;
  /** Overrides that apply only to the imports of one module: `{ './service.js': { './db.js': fake } }`. */
  scoped?: Readonly<Record<string, Readonly<Record<string, OverrideValue>>>>;
  /**
   * Consulted for every import in the space before its overrides: return an
   * override value to use, or `undefined` to fall through. `importer` is the
   * importing module's URL without the space token.
   */
  mapper?: Mapper;
  /**
   * Who evaluates the space's ES modules: `'native'` (Node: module records V8
   * keeps for the life of the process) or `'runner'` (modspace, as functions:
   * a dropped generation is ordinary garbage). Default `'native'`; children
   * inherit it unless given.
   */
  engine?: Engine;
}

export type Engine = 'native' | 'runner';

/** A custom mapper (Exocet's): what should `specifier`, imported by `importer`, be? */
export type Mapper = (specifier: string, importer: string) => OverrideValue | undefined | null;

/** Options after validation, in the form the record builder consumes. */
export interface SpaceConfig {
  name: string | undefined;
  base: string;
  overrides: ReadonlyArray<[string, OverrideValue]>;
  scoped: ReadonlyArray<[importer: string, overrides: ReadonlyArray<[string, OverrideValue]>]>;
  mapper: Mapper | undefined;
  share: readonly string[];
  policy: PolicyOptions | 'none' | undefined;
  conditions: readonly string[] | undefined;
  /** Alias targets made absolute (file URLs), or bare/builtin specifiers. */
  imports: Readonly<Record<string, string>> | undefined;
  /** Roots as URLs ending in `/`, and memory roots. */
  roots: readonly RootEntry[] | undefined;
  remote: RemotePolicy | undefined;
  /** `undefined`: the defaults. */
  archive: ArchiveSettings | undefined;
  /** Extension → transform module file URL. */
  transforms: Readonly<Record<string, string>> | undefined;
  engine: Engine | undefined;
}

const OPTION_NAMES = ['name', 'base', 'overrides', 'scoped', 'mapper', 'share', 'policy', 'conditions', 'imports', 'roots', 'remote', 'archive', 'transforms', 'engine'] as const;
const POLICY_NAMES = ['deny', 'allow'] as const;

export function parseOptions(options: unknown): SpaceConfig {
  const { name, base, overrides, scoped, mapper, share, policy, conditions, imports, roots, remote, archive, transforms, engine } = readOptions(options);

  if (name !== undefined && (typeof name !== 'string' || name.trim() === '')) {
    invalid('name', `Option "name" must be a non-empty string, got ${describe(name)}`);
  }
  if (mapper !== undefined && typeof mapper !== 'function') {
    invalid('mapper', `Option "mapper" must be a function (specifier, importer) => override | undefined, got ${describe(mapper)}`);
  }
  if (engine !== undefined && engine !== 'native' && engine !== 'runner') {
    invalid('engine', `Option "engine" must be "native" or "runner", got ${describe(engine)}`);
  }
  // Each option is parsed under its name: whatever its value throws (a getter,
  // a Proxy trap, the OS) is reported as that option.
  const baseURL = guarded('base', base, () => parseBase(base));
  // Before imports and roots: the archives they name are opened under it.
  const archiveSettings = guarded('archive', archive, () => parseArchive(archive));
  return {
    name: name as string | undefined,
    base: baseURL,
    overrides: guarded('overrides', overrides, () => overrideEntries('overrides', overrides)),
    scoped: guarded('scoped', scoped, () =>
      overrideEntries('scoped', scoped).map(([importer, inner]): [string, Array<[string, OverrideValue]>] => [importer, overrideEntries(`scoped["${importer}"]`, inner)]),
    ),
    mapper: mapper as Mapper | undefined,
    share: guarded('share', share, () => stringList('share', share)) ?? [],
    policy: guarded('policy', policy, () => parsePolicy(policy)),
    conditions: guarded('conditions', conditions, () => stringList('conditions', conditions)),
    imports: guarded('imports', imports, () => parseImports(imports, baseURL, describe, archiveSettings)),
    roots: guarded('roots', roots, () => parseRoots(roots, baseURL, describe, archiveSettings)),
    remote: guarded('remote', remote, () => parseRemote(remote, baseURL)),
    archive: archiveSettings,
    transforms: guarded('transforms', transforms, () => parseTransforms(transforms, baseURL)),
    engine: engine as Engine | undefined,
  };
}

type OptionName = (typeof OPTION_NAMES)[number];

/** Each known option read once (a getter runs once), unknown ones refused. */
function readOptions(options: unknown): Partial<Record<OptionName, unknown>> {
  if (options === undefined) return {};
  return guarded('options', options, () => {
    if (!isPlainObject(options)) invalid('options', `Options must be an object, got ${describe(options)}`);
    rejectUnknown(options, OPTION_NAMES, 'option');
    const given: Partial<Record<OptionName, unknown>> = {};
    for (const name of OPTION_NAMES) given[name] = readOption(options, name);
    return given;
  });
}

/** A getter (or Proxy trap) that throws is reported as its option. */
function readOption(options: Record<string, unknown>, name: OptionName): unknown {
  try {
    return options[name];
  } catch (error) {
    return invalidOption(name, `Option "${name}" cannot be read: ${error instanceof Error ? error.message : String(error)}`, error);
  }
}

function overrideEntries(option: string, value: unknown): Array<[string, OverrideValue]> {
  if (value === undefined) return [];
  if (!isPlainObject(value)) invalid(option, `Option "${option}" must be an object of specifier → override, got ${describe(value)}`);
  return Object.entries(value as Record<string, OverrideValue>);
}

function parseBase(base: unknown): string {
  if (base === undefined) return pathToFileURL(`${process.cwd()}/`).href;
  if (!(base instanceof URL) && (typeof base !== 'string' || !(base.startsWith('file:') || isAbsolute(base)))) {
    invalid('base', `Option "base" must be a file URL or an absolute path, got ${describe(base)}`);
  }
  if (base instanceof URL && base.protocol !== 'file:') invalid('base', `Option "base" must be a file: URL, got ${base.href}`);
  const url = localFileURL('base', base, undefined);
  // A directory base needs its trailing slash, or relative keys would resolve beside it.
  if (!url.pathname.endsWith('/') && isDirectory(url)) url.pathname += '/';
  return url.href;
}

function parsePolicy(policy: unknown): PolicyOptions | 'none' | undefined {
  if (policy === undefined || policy === 'none') return policy;
  if (!isPlainObject(policy)) invalid('policy', `Option "policy" must be 'none' or { deny, allow }, got ${describe(policy)}`);
  rejectUnknown(policy, POLICY_NAMES, 'policy option');
  const { deny, allow } = policy as Record<string, unknown>;
  const parsed: PolicyOptions = {};
  // Empty patterns are left to the policy compiler, which explains every bad pattern.
  const denyList = stringList('policy.deny', deny, true);
  const allowList = stringList('policy.allow', allow, true);
  if (denyList) parsed.deny = denyList;
  if (allowList) parsed.allow = allowList;
  return parsed;
}

function stringList(option: string, value: unknown, allowEmpty = false): readonly string[] | undefined {
  if (value === undefined) return undefined;
  const what = `an array of ${allowEmpty ? '' : 'non-empty '}strings`;
  if (!Array.isArray(value)) invalid(option, `Option "${option}" must be ${what}, got ${describe(value)}`);
  const items = itemsOf(value);
  const bad = items.findIndex((item) => typeof item !== 'string' || (item === '' && !allowEmpty));
  if (bad !== -1) invalid(option, `Option "${option}" must be ${what}, got ${describe(items[bad])} at index ${bad}`);
  return items as string[];
}

export function rejectUnknown(object: object, known: readonly string[], what: string): void {
  for (const key of Object.keys(object)) {
    if (known.includes(key)) continue;
    const guess = closest(key, known);
    invalid(key, `Unknown ${what} "${key}"${guess ? `: did you mean "${guess}"?` : ''} (known: ${known.join(', ')})`);
  }
}

function isDirectory(url: URL): boolean {
  try {
    return statSync(url).isDirectory();
  } catch {
    return false;
  }
}

function invalid(option: string, message: string): never {
  return invalidOption(option, message);
}
