/**
 * Loading a module that lives in a place: its bytes come from the place
 * (a remote one fetches, checks and pins them), its format from its
 * extension, and a transform turns other file kinds into JavaScript. Node
 * never reads these URLs itself. Also the rule that keeps remote code away
 * from the machine it runs on.
 */
import type { LoadFnOutput } from 'node:module';
import { ErrorCodes, ModspaceError } from '../errors.js';
import type { Refusal } from '../policy.js';
import { DEFAULT_REMOTE } from '../remote/settings.js';
import type { SpaceRecord } from '../state.js';
import { GENERATED_SCHEME, targetOf, withoutToken } from '../token.js';
import { extensionOf, transformFile, userTransformOf } from '../transforms.js';
import { isTypeScript, transpileTypeScript } from '../typescript.js';
import { isRemoteURL, placeOf, transformedExtensions } from './lookup.js';
import { readRemote } from './remote.js';

/** Only files can be these: Node reads CommonJS, addons and wasm from disk by itself. */
const FILE_ONLY = new Set(['.cjs', '.cts', '.node', '.wasm']);

/** How the bytes of a remote module are had: here, or (the runner off-thread) from the thread that resolved it. */
export type RemoteReader = (record: SpaceRecord, url: string) => Uint8Array;

/** A remote module's bytes under the space's remote settings (fetched, checked and pinned in this thread). */
export function readRemoteOf(record: SpaceRecord, url: string): Uint8Array {
  return readRemote(url, record.remote ?? DEFAULT_REMOTE, transformedExtensions(record)).bytes;
}

export function loadFromPlace(record: SpaceRecord, url: string, readRemoteBytes: RemoteReader = readRemoteOf): LoadFnOutput {
  // The module's own query is part of a remote URL; the token is not.
  const plain = withoutToken(url);
  const target = targetOf(url);
  const extension = extensionOf(target);
  const userTransform = userTransformOf(record, target);
  if (!userTransform && FILE_ONLY.has(extension)) {
    throw new ModspaceError(ErrorCodes.UNSUPPORTED_FORMAT, `${plain} cannot be loaded from ${placeKind(plain)}: ${extension} modules load from files only (ES modules and JSON load from anywhere)`, {
      space: record.name,
    });
  }
  const bytes = isRemoteURL(plain) ? readRemoteBytes(record, plain) : requirePlace(record, plain).read(plain);
  const source = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  if (userTransform) return { format: 'module', source: transformFile(userTransform, source, plain), shortCircuit: true };
  if (isTypeScript(target)) return { format: 'module', source: transpileTypeScript(source, plain, 'module', record.name), shortCircuit: true };
  if (extension === '.json') return { format: 'json', source, shortCircuit: true };
  return { format: 'module', source, shortCircuit: true };
}

function requirePlace(record: SpaceRecord, url: string) {
  const place = placeOf(url, record);
  if (place) return place;
  throw new ModspaceError(ErrorCodes.DISPOSED, `${url} belongs to a memory root the space no longer has`, { space: record.name });
}

/**
 * Remote code may import remote modules (and the space's overrides) only,
 * unless the space says `remote: { allowLocal: true }`: a web server's code
 * must not reach files, builtins, archives or memory roots of this machine.
 */
export function checkRemoteImport(record: SpaceRecord, parentURL: string, url: string): Refusal | undefined {
  if (!isRemoteURL(parentURL) || isRemoteURL(url) || url.startsWith(GENERATED_SCHEME)) return undefined;
  if (record.remote?.allowLocal) return undefined;
  return { rule: 'remote code may not import local modules; allow it with remote: { allowLocal: true }' };
}

function placeKind(url: string): string {
  if (url.startsWith('archive:')) return 'an archive';
  if (url.startsWith('memory:')) return 'a memory root';
  return 'a web server';
}
