// Children of bench/hmr.mjs.
// serve:  runs <dir>/server.js under hot module replacement (what `modspace
//         run --watch` does) with the given engine and debounce.
// memory: 1,000 HMR updates of one route module, heap after each hundred
//         (after gc), on the given engine; prints JSON.
import { renameSync, writeFileSync } from 'node:fs';
import { routeSource } from './hmr-server.mjs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const options = JSON.parse(process.argv[2]);
const { ModuleSpace } = await import(pathToFileURL(join(options.dist, 'src', 'index.js')).href);
const entry = join(options.dir, 'server.js');
const space = new ModuleSpace({ name: 'bench', base: pathToFileURL(options.dir + '/').href, engine: options.engine });

if (options.mode === 'serve') {
  const watcher = space.watch({ entry, hot: true, fallback: 'restart', debounce: options.debounce });
  watcher.on('error', ({ error }) => console.error(String(error)));
  await watcher.ready;
} else {
  const watcher = space.watch({ entry, hot: true, fallback: 'restart', debounce: 0 });
  await watcher.ready;
  const route = join(options.dir, 'routes', 'r0.js');
  const heap = () => {
    globalThis.gc();
    globalThis.gc();
    return process.memoryUsage().heapUsed;
  };
  const update = (i) => (
    new Promise((resolve, reject) => {
      const done = (event) => {
        watcher.off('reload', done);
        watcher.off('error', done);
        if (event.error) reject(event.error);
        else if (event.hot.kind !== 'hot') reject(new Error(`fell back: ${event.hot.reason}`));
        else resolve();
      };
      watcher.on('reload', done);
      watcher.on('error', done);
      // Two texts in turn: every update makes new instances, while caches keyed by content (the
      // runner's transforms, V8's compilation cache) stop growing after the first two.
      // As editors save: a whole new file renamed into place (a watcher may otherwise read it half written).
      writeFileSync(`${route}.tmp`, routeSource(`' v${i % 2} '`));
      renameSync(`${route}.tmp`, route);
    }));
  // Warm-up: the first updates load esbuild (the syntax check) and fill caches.
  for (let i = 1; i <= 20; i++) await update(i);
  const start = heap();
  const samples = [];
  for (let i = 1; i <= options.updates; i++) {
    await update(i + 20);
    if (i % 100 === 0) samples.push(heap() - start);
  }
  const modules = space.modules().length;
  await watcher.close();
  console.log(JSON.stringify({ start, samples, bytesPerUpdate: samples.at(-1) / options.updates, modules }));
  process.exit(0); // the server is still listening: this measurement is done
}
