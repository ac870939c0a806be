// A minimal file-system host for the runner, for the differential corpus:
// resolution by import-meta-resolve (Node's algorithm), sources read from
// disk, builtins and CommonJS imported natively (so interop is Node's own).
import { readFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve as resolveURL } from 'import-meta-resolve';

/** The nearest package.json "type" decides what a .js file is. */
function packageType(path) {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).type ?? 'commonjs';
    if (dirname(dir) === dir) return 'commonjs';
  }
}

function formatOf(url) {
  if (!url.startsWith('file:')) return 'builtin';
  const path = fileURLToPath(url);
  if (path.endsWith('.json')) return 'json';
  if (path.endsWith('.mjs')) return 'module';
  if (path.endsWith('.cjs') || path.endsWith('.node')) return 'commonjs';
  return packageType(path) === 'module' ? 'module' : 'commonjs';
}

function attributeError(code, message) {
  return Object.assign(new TypeError(message), { code });
}

// Node 20 still names these errors after import assertions.
const legacy = Number(process.versions.node.split('.')[0]) < 22;
const MISSING = legacy ? 'ERR_IMPORT_ASSERTION_TYPE_MISSING' : 'ERR_IMPORT_ATTRIBUTE_MISSING';
const INCOMPATIBLE = legacy ? 'ERR_IMPORT_ASSERTION_TYPE_FAILED' : 'ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE';

/** Every import request is checked, also of a module already loaded, as Node does. */
function checkAttributes(url, format, attributes) {
  if (format === 'json' && attributes.type !== 'json') {
    throw attributeError(MISSING, `Module "${url}" needs an import attribute of "type: json"`);
  }
  if (format !== 'json' && attributes.type !== undefined) {
    throw attributeError(INCOMPATIBLE, `Module "${url}" is not of type "${attributes.type}"`);
  }
}

/** Node's import.meta has `main` from some versions on; mirror this Node. */
const hasMain = 'main' in import.meta;

export function fsHost(base = pathToFileURL(process.cwd() + '/').href) {
  return {
    resolve(specifier, parentURL, attributes = {}) {
      const url = resolveURL(specifier, parentURL ?? base);
      const format = formatOf(url);
      checkAttributes(url, format, attributes);
      return { url, native: format === 'builtin' || format === 'commonjs' };
    },
    load(url) {
      // Like Node, resolving does not look for a relative file (import.meta.resolve returns its URL); loading does.
      if (!existsSync(fileURLToPath(url))) {
        throw Object.assign(new Error(`Cannot find module '${fileURLToPath(url)}'`), { code: 'ERR_MODULE_NOT_FOUND', url });
      }
      return { format: formatOf(url), source: readFileSync(fileURLToPath(url), 'utf8') };
    },
    importNative(url, attributes) {
      return import(url, { with: attributes });
    },
    importMeta(url, resolve) {
      const meta = Object.create(null);
      const filename = fileURLToPath(url);
      meta.dirname = dirname(filename);
      meta.filename = filename;
      if (hasMain) meta.main = false;
      meta.resolve = resolve;
      meta.url = url;
      return meta;
    },
  };
}
