// The server bench/hmr.mjs edits: node:http, a router, 20 self-accepting
// routes, each over a chain of 9 library modules (202 modules).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const ROUTES = 20;
const CHAIN = 9;

/** server.js, router.js, 20 self-accepting routes, each over a chain of 9 library modules: 202 modules. */
export function writeServer(dir) {
  mkdirSync(join(dir, 'routes'));
  mkdirSync(join(dir, 'lib'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  const imports = Array.from({ length: ROUTES }, (_, i) => `import './routes/r${i}.js';`).join('\n');
  writeFileSync(
    join(dir, 'server.js'),
    `import { createServer } from 'node:http';
import { handle } from './router.js';
${imports}
const server = createServer(handle);
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('listening'));
import.meta.hot?.dispose(() => new Promise((resolve) => { server.close(() => resolve()); server.closeAllConnections(); }));
`,
  );
  writeFileSync(
    join(dir, 'router.js'),
    `const routes = new Map();
export const route = (path, handler) => routes.set(path, handler);
export function handle(request, response) {
  const handler = routes.get(request.url);
  if (handler) handler(request, response);
  else response.writeHead(404).end();
}
`,
  );
  for (let r = 0; r < ROUTES; r++) {
    writeFileSync(
      join(dir, 'routes', `r${r}.js`),
      `import { route } from '../router.js';
import { value } from '../lib/m${r * CHAIN}.js';
route('/r${r}', (request, response) => response.end('r${r}' + ' v0 ' + value));
import.meta.hot?.accept();
`,
    );
    for (let k = 0; k < CHAIN; k++) {
      const id = r * CHAIN + k;
      const next = k + 1 < CHAIN ? `import { value as inner } from './m${id + 1}.js';\nexport const value = ${id} + inner;` : `export const value = ${id};`;
      writeFileSync(join(dir, 'lib', `m${id}.js`), `${next}\n`);
    }
  }
  return 2 + ROUTES + ROUTES * CHAIN;
}

/** routes/r0.js answering with `token` (a quoted string literal). */
export function routeSource(token) {
  return `import { route } from '../router.js';
import { value } from '../lib/m0.js';
route('/r0', (request, response) => response.end('r0' + ${token} + value));
import.meta.hot?.accept();
`;
}

