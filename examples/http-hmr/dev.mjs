// Runs server.js with hot module replacement through the library API (what
// `modspace run --watch server.js` does): `node examples/http-hmr/dev.mjs`.
import { ModuleSpace } from 'modspace';

const entry = process.argv[2] ?? new URL('./server.js', import.meta.url);
const space = new ModuleSpace({ name: 'http-hmr', base: import.meta.url });
// A change with no accepting boundary (router.js) disposes everything and runs server.js again.
const watcher = space.watch({ entry, hot: true, fallback: 'restart' });
watcher.on('reload', ({ files, hot }) => console.log(`[hmr] ${hot.kind}: ${files.join(', ')}${hot.reason ? ` (${hot.reason})` : ''}`));
watcher.on('error', ({ error, location }) => {
  const where = location ? ` at ${location.file}:${location.line}` : '';
  console.error(`[hmr] update failed${where}: ${error.message}; still serving the previous code`);
});
await watcher.ready;
