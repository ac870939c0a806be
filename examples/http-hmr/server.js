// The entry: a node:http server whose routes live in their own modules.
// Under hot module replacement it runs once: route edits replace the route
// modules (they accept their own updates), never this file, so the port
// stays open. If a change cannot be applied in place (router.js has no
// boundary), the dispose callback below closes the server before the entry
// is run again.
import { createServer } from 'node:http';
import { handle } from './router.js';
import './routes/hello.js';
import './routes/count.js';
import './routes/stats.js';

const server = createServer(handle);
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () => {
  const { port } = server.address();
  console.log(`listening on http://127.0.0.1:${port}`);
});

import.meta.hot?.dispose(
  () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
);
