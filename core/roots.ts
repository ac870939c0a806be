/**
 * Bare specifiers looked up in a space's roots, in order, as if each root
 * were one more node_modules folder: `lib` is the package folder `<root>/lib/`
 * (exports, main or index.js) or the file `<root>/lib.js` (`.mjs`, `.ts`, or
 * `<root>/lib` itself);
 * `lib/x` is a subpath of `<root>/lib/`. The first root holding the package
 * wins, as the nearest node_modules does for Node. A root is a folder on
 * disk or a place (an archive, a memory folder, a web server): `files`
 * says how to read each one.
 */
import { packageEntry, type Files } from './package-entry.js';

/** `''` last: a name with its own extension (`config.json`, `page.coffee`) is a file too. */
const FILE_EXTENSIONS = ['.js', '.mjs', '.ts', ''];
/** npm's rules keep package names URL-safe; anything else is left to Node. */
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;

/** The module URL `specifier` names in the first root that has it, or `undefined`. */
export function findInRoots(roots: readonly string[], specifier: string, conditions: readonly string[], files: (root: string) => Files): string | undefined {
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameParts).join('/');
  if (!PACKAGE_NAME.test(name)) return undefined;
  const rest = parts.slice(nameParts).join('/');
  for (const root of roots) {
    const access = files(root);
    const folder = new URL(`${name}/`, root).href;
    if (access.isDirectory(folder)) return packageEntry(folder, rest ? `./${rest}` : '.', conditions, access);
    if (rest) continue;
    for (const extension of FILE_EXTENSIONS) {
      const file = new URL(`${name}${extension}`, root).href;
      if (access.isFile(file)) return file;
    }
  }
  return undefined;
}
