/**
 * Finds the plugins `loadPlugins()` loads, in a deterministic order: the
 * modules of a plugins folder (top-level `.js`/`.mjs`/`.ts`/`.mts` files,
 * archives, and sub-folders with a package.json entry or an index file), the
 * matches of a glob, one package folder, one archive, or one file. Reads the
 * file system (and archives) only.
 */
import { statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import { glob, globBase, hasGlob } from './glob.js';
import { declaresEntry, isFile, packageEntry, type Files } from '../core/package-entry.js';
import { archiveRootURL, isArchivePath, openArchive, type ArchiveSettings } from '../core/places/archive.js';

export interface PluginInfo {
  /** The plugin's name: its file name without extension, or its folder's name. */
  name: string;
  /** The entry module, as a plain path (`/plugins/greet.zip!/index.js` inside an archive). */
  file: string;
  /** The entry module's URL: `file:`, or `archive:` for a plugin shipped as an archive. */
  url: string;
  /** The plugin's folder (folder, package and archive plugins), or `undefined` for a single-file plugin. */
  folder: string | undefined;
}

/** A plugin whose entry could not be worked out (a broken package.json): reported, not imported. */
export interface FoundPlugin extends PluginInfo {
  problem?: Error;
}

/** CommonJS is left out on purpose: it is shared per process, so it could not be isolated. */
const PLUGIN_EXTENSIONS = ['.js', '.mjs', '.ts', '.mts'];
const INDEX_FILES = PLUGIN_EXTENSIONS.map((extension) => `index${extension}`);

/** `source` is an absolute path or glob; `conditions` pick a package folder's entry; archives are opened under `archive`. */
export function findPlugins(source: string, conditions: readonly string[], archive?: ArchiveSettings): FoundPlugin[] {
  if (hasGlob(source)) {
    const base = globBase(source);
    if (!isDirectoryPath(base)) throw notFound(`The folder ${base} of the plugins glob ${source} does not exist`, source);
    const found = glob(source).flatMap(({ path, isDirectory }) => {
      const plugin = isDirectory ? folderPlugin(path, conditions) : filePlugin(path, conditions, archive);
      return plugin ? [{ ...plugin, name: globName(base, path) }] : [];
    });
    return ordered(found, base);
  }
  const stats = statSync(source, { throwIfNoEntry: false });
  if (!stats) throw notFound(`The plugins folder ${source} does not exist`, source);
  if (stats.isFile() && isArchivePath(source)) return [archivePlugin(source, conditions, archive) as FoundPlugin];
  if (stats.isFile()) return [{ name: stripExtension(basename(source)), file: source, url: pathToFileURL(source).href, folder: undefined }];
  if (!stats.isDirectory()) throw notFound(`${source} is neither a plugins folder nor a plugin file`, source);
  // A folder whose package.json names an entry is one plugin: a package.
  if (declaresEntry(folderURL(source))) return [folderPlugin(source, conditions) as FoundPlugin];
  const found = glob(join(source, '*')).flatMap(({ path, isDirectory }) => {
    const plugin = isDirectory ? folderPlugin(path, conditions) : filePlugin(path, conditions, archive);
    return plugin ? [plugin] : [];
  });
  return ordered(found, source);
}

function filePlugin(path: string, conditions: readonly string[] = [], archive?: ArchiveSettings): FoundPlugin | undefined {
  if (isArchivePath(path)) return archivePlugin(path, conditions, archive);
  const extension = extname(path);
  if (!PLUGIN_EXTENSIONS.includes(extension) || /\.d\.[mc]?ts$/.test(path)) return undefined;
  return { name: stripExtension(basename(path)), file: path, url: pathToFileURL(path).href, folder: undefined };
}

/** A sub-folder is a plugin when its package.json names an entry or it has an index file; others are skipped (helpers, assets). */
function folderPlugin(path: string, conditions: readonly string[]): FoundPlugin | undefined {
  if (basename(path) === 'node_modules') return undefined;
  const url = folderURL(path);
  let entry: string | undefined;
  try {
    entry = entryOf(url, conditions);
  } catch (error) {
    const manifest = join(path, 'package.json');
    return { name: basename(path), file: manifest, url: pathToFileURL(manifest).href, folder: path, problem: error instanceof Error ? error : new Error(String(error)) };
  }
  if (entry === undefined) return undefined;
  return { name: basename(path), file: fileURLToPath(entry), url: entry, folder: path };
}

/** An archive is a plugin folder shipped as one file (`greet.zip`, an npm `.tgz`); it is read in place, never extracted. */
function archivePlugin(path: string, conditions: readonly string[], archive: ArchiveSettings | undefined): FoundPlugin | undefined {
  const name = basename(path).replace(/\.(?:zip|tgz|tar\.gz|tar)$/i, '');
  const root = archiveRootURL(pathToFileURL(path).href);
  let entry: string | undefined;
  try {
    entry = entryOf(root, conditions, openArchive(pathToFileURL(path).href, archive));
  } catch (error) {
    return { name, file: path, url: root, folder: path, problem: error instanceof Error ? error : new Error(String(error)) };
  }
  if (entry === undefined) return undefined;
  return { name, file: `${path}!/${decodeURI(entry.slice(root.length))}`, url: entry, folder: path };
}

/** The entry a package.json names, else an index file. */
function entryOf(folder: string, conditions: readonly string[], files?: Files): string | undefined {
  if (declaresEntry(folder, files)) return packageEntry(folder, '.', conditions, files);
  return INDEX_FILES.map((name) => new URL(name, folder).href).find((candidate) => (files ? files.isFile(candidate) : isFile(candidate)));
}

/** `plugins/*\/index.js` names its matches after the folder: `a/index.js` → `a`. */
function globName(base: string, path: string): string {
  const inside = relative(base, path).split(sep).join('/');
  return stripExtension(inside.replace(/\/index\.[mc]?[jt]s$/, '')) || basename(path);
}

/** Sorted by name; plugins sharing a name are told apart by their relative path. */
function ordered(plugins: FoundPlugin[], base: string): FoundPlugin[] {
  const counts = new Map<string, number>();
  for (const plugin of plugins) counts.set(plugin.name, (counts.get(plugin.name) ?? 0) + 1);
  const named = plugins.map((plugin) =>
    (counts.get(plugin.name) ?? 0) > 1 ? { ...plugin, name: relative(base, plugin.folder ?? plugin.file).split(sep).join('/') } : plugin,
  );
  return named.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function stripExtension(name: string): string {
  return name.replace(/\.[mc]?[jt]s$/, '');
}

function folderURL(path: string): string {
  const url = pathToFileURL(path).href;
  return url.endsWith('/') ? url : `${url}/`;
}

function isDirectoryPath(path: string): boolean {
  return statSync(path, { throwIfNoEntry: false })?.isDirectory() ?? false;
}

function notFound(message: string, source: string): ModspaceError {
  return new ModspaceError(ErrorCodes.PLUGINS_NOT_FOUND, message, { specifier: source });
}
