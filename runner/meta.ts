// The default `import.meta`, shaped like Node's for ES modules: a null-prototype
// object with dirname and filename (file: URLs only), resolve, url.
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export function defaultImportMeta(url: string, resolve: (specifier: string) => string): object {
  const meta = Object.create(null) as Record<string, unknown>;
  if (url.startsWith('file:')) {
    const bare = new URL(url);
    bare.search = '';
    bare.hash = '';
    const filename = fileURLToPath(bare);
    meta.dirname = dirname(filename);
    meta.filename = filename;
  }
  meta.resolve = resolve;
  meta.url = url;
  return meta;
}
