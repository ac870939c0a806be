/**
 * The runner engine's host for one space: the third consumer of the hook
 * decisions, beside the in-thread and off-thread adapters.
 *
 * - Resolution is the hooks' own decision, asked through
 *   `import.meta.resolve()` of an entry flagged `runner`: synchronous on both
 *   hook paths, made against the authoritative table wherever it lives (the
 *   hooks thread off-thread), recorded in the same module graph, so
 *   `invalidate()`, `modules()`, policies and overrides need nothing new.
 * - Loading serves what the load hook would: files, places, transforms,
 *   TypeScript and generated modules, as source the runner evaluates.
 * - Builtins, CommonJS, addons, wasm and modules of native spaces are
 *   imported by Node and shared.
 */
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Parser } from 'acorn';
import type { ImportAttributes, ImportRequest, LoadedModule, ResolvedModule, RunnerHost } from '../runner/host.js';
import { encodeEntry, readBatchURL, type BatchRequest, type EntryRequest } from '../core/decide.js';
import { generatedIdOf, renderGenerated } from '../core/generated.js';
import { isPlaceURL } from '../core/places/lookup.js';
import { loadFromPlace, type RemoteReader } from '../core/places/load.js';
import type { GeneratedModule, OverrideAction, RemoteReply, SpaceRecord } from '../core/state.js';
import { reviveError } from '../core/error-record.js';
import type { HookChannel } from '../hooks/install.js';
import { GENERATED_SCHEME, readToken, targetOf, withoutToken } from '../core/token.js';
import { extensionOf, transformFile, userTransformOf } from '../core/transforms.js';
import { isTypeScript, packageTypeOf, transpileTypeScript, typeScriptFormat } from '../core/typescript.js';
import { displayLocation, ErrorCodes, ModspaceError } from '../core/errors.js';
import { isRunnerSpace, runnerOf } from './runner-spaces.js';
import { liveRegistry } from './live-registry.js';
import { defaultImportMeta } from '../runner/meta.js';
import { hotContextFor } from './hot.js';

// This module makes entry requests: src/space.ts tells the hooks to trust its URL like its own.

/** What the host needs of its space. */
export interface RunnerSpace {
  readonly id: number;
  readonly name: string;
  readonly base: string;
  readonly generation: number;
  /** The space's record as the main thread holds it (overrides, generated modules, places, transforms). */
  readonly record: SpaceRecord;
  /** The space's mapper, asked here: off-thread the hooks could not reach the main thread while it waits in `import.meta.resolve`. */
  readonly mapper: ((request: { space: number; specifier: string; importer: string }) => OverrideAction | undefined) | undefined;
  /** Off-thread: a remote module's bytes from the hooks thread, which fetched (and pinned) it while resolving. */
  readonly readRemote: RemoteReader | undefined;
}

/**
 * Off-thread, the hooks thread resolved (so fetched, checked and pinned) every
 * remote module the runner loads: its bytes are asked of it, so one thread
 * fetches and writes the lockfile. In-thread both share one memory of them.
 */
export function remoteReaderOf(channel: HookChannel): RemoteReader | undefined {
  if (channel.mode === 'in-thread') return undefined;
  return (record, url) => {
    const reply = channel.apply({ op: 'remote', space: record.id, url }) as RemoteReply;
    if ('bytes' in reply) return reply.bytes;
    throw reviveError(reply.error);
  };
}

export class SpaceRunnerHost implements RunnerHost {
  readonly #space: RunnerSpace;
  /** Plain URLs of the files this space's runner loaded (a stack frame of one is the space's code). */
  readonly #files = new Set<string>();

  constructor(space: RunnerSpace) {
    this.#space = space;
  }

  resolve(specifier: string, parentURL: string | undefined, attributes: ImportAttributes): ResolvedModule {
    return this.#resolveOne(specifier, parentURL, attributes, this.#mapped(specifier, parentURL ?? this.#space.base));
  }

  #resolveOne(specifier: string, parentURL: string | undefined, attributes: ImportAttributes, mapped: OverrideAction | null | undefined): ResolvedModule {
    const space = this.#space;
    const request: EntryRequest = { space: space.id, generation: space.generation, specifier, parentURL: parentURL ?? space.base, runner: true };
    if (parentURL !== undefined) request.module = true;
    if (mapped !== undefined) request.mapped = mapped;
    return this.#resolved(import.meta.resolve(encodeEntry(request)), attributes);
  }

  resolveMany(requests: ReadonlyArray<ImportRequest>): Array<ResolvedModule | (() => ResolvedModule)> {
    const space = this.#space;
    const answers: Array<ResolvedModule | (() => ResolvedModule)> = [];
    const batch: BatchRequest[] = [];
    const asked: number[] = [];
    for (const [index, { specifier, parentURL, attributes }] of requests.entries()) {
      let mapped: OverrideAction | null | undefined;
      try {
        mapped = this.#mapped(specifier, parentURL);
      } catch (error) {
        answers[index] = () => {
          throw error; // the mapper's error, where the import asks alone
        };
        continue;
      }
      // Asked alone, a failed import gets its own error, with the mapper's answer already had.
      answers[index] = () => this.#resolveOne(specifier, parentURL, attributes, mapped);
      batch.push(mapped === undefined ? { specifier, parentURL } : { specifier, parentURL, mapped });
      asked.push(index);
    }
    if (batch.length === 0) return answers;
    const entry: EntryRequest = { space: space.id, generation: space.generation, specifier: '', parentURL: space.base, runner: true, batch };
    const urls = readBatchURL(import.meta.resolve(encodeEntry(entry)));
    for (const [position, index] of asked.entries()) {
      const url = urls[position];
      if (url === null || url === undefined) continue;
      try {
        answers[index] = this.#resolved(url, (requests[index] as ImportRequest).attributes);
      } catch {
        // keeps the retry: resolve() gives the attribute error in its place
      }
    }
    return answers;
  }

  /** The mapper is asked here, in the main thread: off-thread, the hooks could not reach it while this thread waits. */
  #mapped(specifier: string, importer: string): OverrideAction | null | undefined {
    const { mapper, id } = this.#space;
    if (!mapper || specifier.startsWith('modspace-actual:')) return undefined;
    return mapper({ space: id, specifier, importer: withoutToken(importer) }) ?? null;
  }

  #resolved(url: string, attributes: ImportAttributes): ResolvedModule {
    checkAttributesFor(url, attributes);
    return { url, native: this.#isNative(url) };
  }

  /** `importActual()`: the entry past the space's overrides and mapper. */
  resolveActual(specifier: string): ResolvedModule {
    const space = this.#space;
    const url = import.meta.resolve(encodeEntry({ space: space.id, generation: space.generation, specifier, parentURL: space.base, runner: true, actual: true }));
    return { url, native: this.#isNative(url) };
  }

  /** This space's runner evaluates its own modules; Node or another space's runner the rest. */
  #isNative(url: string): boolean {
    if (url.startsWith('node:')) return true;
    return readToken(url)?.space !== this.#space.id;
  }

  /**
   * Stack traces name the plain file: a URL with the generation's token would
   * make V8 compile every module anew each generation (and Node 26 keeps
   * every script evaluated under a new name), which is what the runner
   * exists to avoid.
   */
  stackURL(url: string): string {
    return withoutToken(url);
  }

  /** `import.meta`, with `hot` in a hot space (the native engine's load hook adds it to the source instead). */
  importMeta(url: string, resolve: (specifier: string) => string): object {
    const meta = defaultImportMeta(url, resolve) as Record<string, unknown>;
    if (this.#space.record.hot) meta.hot = hotContextFor(url, resolve);
    return meta;
  }

  load(url: string, attributes: ImportAttributes, importer?: string): LoadedModule | Promise<LoadedModule> {
    const loaded = this.#load(url, attributes, importer ?? this.#space.base);
    return loaded instanceof Promise ? loaded.then((module) => checkAttributes(url, module, attributes)) : checkAttributes(url, loaded, attributes);
  }

  #load(url: string, attributes: ImportAttributes, importer: string): LoadedModule | Promise<LoadedModule> {
    const record = this.#space.record;
    if (url.startsWith(GENERATED_SCHEME)) return generatedSource(record, url, attributes);
    if (url.startsWith('data:')) return dataSource(url);
    if (isPlaceURL(url)) {
      const loaded = loadFromPlace(record, url, this.#space.readRemote);
      return { format: loaded.format ?? 'module', source: textOf(loaded.source) };
    }
    this.#files.add(targetOf(url));
    return fileSource(record, url, importer);
  }

  evaluated(target: string): boolean {
    return this.#files.has(target);
  }

  async importNative(url: string, attributes: ImportAttributes): Promise<object> {
    // A module of another runner space (shared from a parent): that space's instance.
    const space = readToken(url)?.space;
    const owner = space === undefined || space === this.#space.id ? undefined : runnerOf(space);
    if (owner) return owner(url, { ...attributes });
    if (url.startsWith(GENERATED_SCHEME) && space === this.#space.id) {
      const generated = generatedOf(this.#space.record, url);
      if (generated.kind === 'live') return liveNamespace(generated);
    }
    // CommonJS, addons and wasm are one instance per process: their plain URL.
    // TypeScript compiled to CommonJS needs the load hook, which only serves tokenized URLs.
    const shared = url.startsWith('file:') && isRunnerSpace(readToken(url)?.space ?? -1) && !isTypeScript(targetOf(url)) ? withoutToken(url) : url;
    return (await (Object.keys(attributes).length ? import(shared, { with: attributes }) : import(shared))) as object;
  }
}

/**
 * The same rules for each import request, before any instance is looked up:
 * a module already evaluated is still refused without the right attribute,
 * as Node refuses it. JSON is told by its extension here (a live override
 * of a JSON file answers both ways).
 */
function checkAttributesFor(url: string, attributes: ImportAttributes): void {
  if (url.startsWith('node:') || url.startsWith(GENERATED_SCHEME) || url.startsWith('data:')) return;
  const json = targetOf(url).endsWith('.json');
  checkAttributes(url, { format: json ? 'json' : 'module' }, attributes);
}

/** Node's rules for import attributes, with its codes: JSON needs `type: 'json'`, and only JSON may have it. */
function checkAttributes(url: string, loaded: LoadedModule, attributes: ImportAttributes): LoadedModule {
  const type = attributes.type;
  const fail = (code: string, message: string): never => {
    throw Object.assign(new TypeError(message), { code });
  };
  if (type !== undefined && type !== 'json') fail('ERR_IMPORT_ATTRIBUTE_UNSUPPORTED', `Import attribute "type" with value "${type}" is not supported`);
  if (loaded.format === 'json' && type !== 'json') fail('ERR_IMPORT_ATTRIBUTE_MISSING', `Module "${withoutToken(url)}" needs an import attribute of "type: json"`);
  if (loaded.format !== 'json' && type === 'json') fail('ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE', `Module "${withoutToken(url)}" is not of type "json"`);
  return loaded;
}

function generatedOf(record: SpaceRecord, url: string): GeneratedModule {
  const generated = record.generated.get(generatedIdOf(url));
  if (generated === undefined) throw new ModspaceError(ErrorCodes.DISPOSED, `Generated module ${url} is unknown`, { space: record.name });
  return generated;
}

/**
 * The namespace of a live override, made directly: its export names are fixed
 * when the space is made, their values read when the module is first
 * imported (as the native engine's generated module does), and released to
 * `undefined` with the space, so the value becomes collectable.
 */
function liveNamespace(generated: GeneratedModule & { kind: 'live' }): object {
  const claim = liveRegistry().claim(generated.key);
  const value = claim.value as Record<string, unknown>;
  const values = new Map<string, unknown>(generated.exports.map((name) => [name, value[name]]));
  values.set('default', generated.defaultIsProperty ? value.default : value);
  claim.onRelease(() => {
    for (const name of values.keys()) values.set(name, undefined);
  });
  const namespace = Object.create(null) as object;
  for (const name of [...values.keys()].sort()) {
    Object.defineProperty(namespace, name, { get: () => values.get(name), enumerable: true });
  }
  Object.defineProperty(namespace, Symbol.toStringTag, { value: 'Module' });
  return Object.preventExtensions(namespace);
}

function generatedSource(record: SpaceRecord, url: string, attributes: ImportAttributes): LoadedModule {
  const generated = generatedOf(record, url);
  // A live value is handed to importers directly (importNative), not through generated source.
  if (generated.kind === 'live' && generated.actual === null && attributes.type !== 'json') return { format: 'live' };
  const rendered = renderGenerated(generated, attributes);
  return { format: rendered.format ?? 'module', source: textOf(rendered.source) };
}

async function dataSource(url: string): Promise<LoadedModule> {
  const plain = withoutToken(url);
  const response = await fetch(plain.slice(0, plain.includes('#') ? plain.indexOf('#') : undefined));
  const type = response.headers.get('content-type') ?? '';
  const source = await response.text();
  return { format: /json/.test(type) ? 'json' : /javascript|ecmascript/.test(type) ? 'module' : 'unknown', source };
}

/** A file of the space: its transform, TypeScript, JSON or JavaScript, in Node's format for it. */
function fileSource(record: SpaceRecord, url: string, importer: string): LoadedModule {
  const target = targetOf(url);
  if (!target.startsWith('file:')) return { format: 'unknown' };
  const transform = userTransformOf(record, target);
  const read = () => readSource(url, importer);
  if (transform) return { format: 'module', source: transformFile(transform, read(), withoutToken(url)) };
  if (isTypeScript(target)) {
    const format = typeScriptFormat(url);
    return format === 'module' ? { format, source: transpileTypeScript(read(), withoutToken(url), 'module', record.name) } : { format };
  }
  const extension = extensionOf(target);
  if (extension === '.json') return { format: 'json', source: read() };
  if (extension === '.mjs') return { format: 'module', source: read() };
  if (extension !== '.js' && extension !== '') return { format: 'native' };
  const type = packageTypeOf(dirname(fileURLToPath(target)));
  if (type === 'commonjs') return { format: 'commonjs' };
  const source = read();
  if (type === 'module') return { format: 'module', source };
  // No "type": Node tries CommonJS first and takes ES module syntax as a module (20.19+).
  return { format: looksLikeCommonJS(source) ? 'commonjs' : 'module', source };
}

/**
 * Node's resolver may answer from its cache for a file deleted since (runner
 * spaces ask from one parent URL per set of conditions): a file that is gone
 * when it is read is the not-found error Node's resolver gives, in its words,
 * so the watcher and the user read it as a missing import. Checked here, on
 * the one read, rather than with a stat on every resolve.
 */
function readSource(url: string, importer: string): string {
  const target = targetOf(url);
  try {
    return readFileSync(new URL(target), 'utf8');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    const message = `Cannot find module '${fileURLToPath(target)}' imported from ${displayLocation(withoutToken(importer)) ?? importer}`;
    throw Object.assign(new Error(message), { code: 'ERR_MODULE_NOT_FOUND', url: withoutToken(url) });
  }
}

function looksLikeCommonJS(source: string): boolean {
  try {
    Parser.parse(source, { ecmaVersion: 'latest', sourceType: 'script', allowReturnOutsideFunction: true, allowHashBang: true });
    return true;
  } catch {
    return false;
  }
}

function textOf(source: unknown): string {
  if (typeof source === 'string') return source;
  if (source instanceof Uint8Array) return Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('utf8');
  return String(source ?? '');
}
