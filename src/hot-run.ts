/**
 * `modspace run --watch <entry>`: the entry runs in a hot space. An edit is
 * applied up to the nearest accepting boundary; a change with no boundary runs
 * every dispose callback and re-runs the entry in a fresh generation. What
 * happened is reported on stderr, one line per change, with file and line
 * for a broken edit (the running code keeps serving).
 */
import { relative } from 'node:path';
import type { ModuleSpace } from './space.js';
import type { SpaceWatcher } from './watch.js';
import type { SourceLocation } from './error-location.js';

export interface RunWatchedOptions {
  /** Quiet time after the last write, in ms (watch()'s `debounce`). */
  debounce?: number;
  /** Where the one-line reports go. Default: process.stderr. */
  report?: (line: string) => void;
  /** Paths in reports are shown relative to this folder. Default: process.cwd(). */
  cwd?: string;
}

/**
 * Imports `entry` in `space` with hot module replacement and keeps it
 * updated until the watcher is closed (or the space disposed). Resolves once
 * the first import settled; a failing first import is reported, not thrown:
 * the next edit tries again.
 */
export async function runWatched(space: ModuleSpace, entry: string | URL, options: RunWatchedOptions = {}): Promise<SpaceWatcher<unknown>> {
  const report = options.report ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const cwd = options.cwd ?? process.cwd();
  const show = (file: string) => relative(cwd, file) || file;
  const watcher = space.watch<unknown>({ entry, hot: true, fallback: 'restart', ...(options.debounce === undefined ? {} : { debounce: options.debounce }) });
  watcher.on('reload', (event) => {
    const files = event.files.map(show).join(', ') || 'hot.invalidate()';
    if (event.hot?.kind === 'hot') report(`[modspace] hot update ${files} (accepted by ${event.hot.boundaries.map(show).join(', ')})`);
    else report(`[modspace] ${files}: ${event.hot?.reason ?? 'changed'}; re-ran ${show(String(entry))}`);
  });
  watcher.on('error', (event) => {
    report(`[modspace] update failed${formatLocation(event.location, show)}: ${event.error instanceof Error ? `${event.error.name}: ${event.error.message}` : String(event.error)} (the running code is unchanged)`);
  });
  try {
    await watcher.ready;
  } catch (error) {
    report(`[modspace] ${show(String(entry))} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}; waiting for an edit`);
  }
  return watcher;
}

/** ` at file:line:column`, or nothing when the place is unknown. */
function formatLocation(location: SourceLocation | null, show: (file: string) => string): string {
  if (!location) return '';
  return ` at ${show(location.file)}${location.line === null ? '' : `:${location.line}`}${location.column === null ? '' : `:${location.column}`}`;
}
