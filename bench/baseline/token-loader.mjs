// The memory baseline for P3: the least a token-appending loader can do. A
// module whose URL carries `?t=N` passes `?t=N` on to every file it imports
// under the graph root, so importing `entry.js?t=N` loads a whole new copy of
// the graph (generation N). No spaces, no overrides, no policies, no state
// beyond the root URL. Registered with the same API modspace uses on this
// Node (see passthrough.mjs for the choice and MODSPACE_HOOKS).
import * as nodeModule from 'node:module';
import { hookMode } from './passthrough.mjs';

let root = 'file:///';

function tokenOf(url) {
  if (url === undefined) return undefined;
  const at = url.indexOf('?t=');
  return at === -1 ? undefined : url.slice(at + 3);
}

function tagged(result, token) {
  if (token === undefined || !result.url.startsWith(root) || result.url.includes('?')) return result;
  return { ...result, url: `${result.url}?t=${token}` };
}

function resolveSync(specifier, context, nextResolve) {
  return tagged(nextResolve(specifier, context), tokenOf(context.parentURL));
}

/** Off-thread hooks: register() loads this very file on the hooks thread. */
export function initialize(data) {
  root = data.root;
}
export async function resolve(specifier, context, nextResolve) {
  return tagged(await nextResolve(specifier, context), tokenOf(context.parentURL));
}
export async function load(url, context, nextLoad) {
  return nextLoad(url, context);
}

/** Registers the loader for the files under `rootURL`; returns the hook mode used. */
export function registerTokenLoader(rootURL) {
  const mode = hookMode();
  if (mode === 'in-thread') {
    root = rootURL;
    nodeModule.registerHooks({ resolve: resolveSync, load: (url, context, nextLoad) => nextLoad(url, context) });
  } else {
    nodeModule.register(import.meta.url, { data: { root: rootURL } });
  }
  return mode;
}
