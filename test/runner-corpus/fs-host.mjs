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

/** Node's import.meta has `main` from some versions on; mirror this Node. */
const hasMain = 'main' in import.meta;

export function fsHost(base = pathToFileURL(process.cwd() + '/').href) {
  return {
    resolve(specifier, parentURL) {
      const url = resolveURL(specifier, parentURL ?? base);
      return { url, native: formatOf(url) === 'builtin' || formatOf(url) === 'commonjs' };
    },
    load(url, attributes) {
      const format = formatOf(url);
      if (format === 'json' && attributes.type !== 'json') {
        throw attributeError('ERR_IMPORT_ATTRIBUTE_MISSING', `Module "${url}" needs an import attribute of "type: json"`);
      }
      if (format !== 'json' && attributes.type !== undefined) {
        throw attributeError('ERR_IMPORT_ATTRIBUTE_TYPE_INCOMPATIBLE', `Module "${url}" is not of type "${attributes.type}"`);
      }
      return { format, source: readFileSync(fileURLToPath(url), 'utf8') };
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
