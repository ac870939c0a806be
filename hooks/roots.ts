/**
 * Bare specifiers looked up in a space's roots, in order, as if each root
 * were one more node_modules folder: `lib` is the package folder `<root>/lib/`
 * (exports, main or index.js) or the file `<root>/lib.js` (`.mjs`, `.ts`);
 * `lib/x.js` is a subpath of `<root>/lib/`. The first root holding the
 * package wins, as the nearest node_modules does for Node.
 */
import { isDirectory, isFile, packageEntry } from './package-entry.js';

const FILE_EXTENSIONS = ['.js', '.mjs', '.ts'];
/** npm's rules keep package names URL-safe; anything else is left to Node. */
const PACKAGE_NAME = /^(?:@[a-z0-9][\w.~-]*\/)?[a-z0-9][\w.~-]*$/i;

/** The module URL `specifier` names in the first root that has it, or `undefined`. */
export function findInRoots(roots: readonly string[], specifier: string, conditions: readonly string[]): string | undefined {
  const parts = specifier.split('/');
  const nameParts = specifier.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameParts).join('/');
  if (!PACKAGE_NAME.test(name)) return undefined;
  const rest = parts.slice(nameParts).join('/');
  for (const root of roots) {
    const folder = new URL(`${name}/`, root);
    if (isDirectory(folder)) return packageEntry(folder.href, rest ? `./${rest}` : '.', conditions);
    if (rest) continue;
    for (const extension of FILE_EXTENSIONS) {
      const file = new URL(`${name}${extension}`, root);
      if (isFile(file)) return file.href;
    }
  }
  return undefined;
}
