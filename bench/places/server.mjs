// A static file server for bench/places.mjs, in its own process (the
// importing thread blocks while it fetches, so a server on it could never
// answer). Prints its port, then answers; on SIGTERM prints how many requests
// it served (the parent checks the warm-up fetched, and nothing else did).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';

const folder = process.argv[2];
const TYPES = { '.js': 'text/javascript', '.json': 'application/json' };
let requests = 0;
const server = createServer(async (request, response) => {
  requests++;
  const path = normalize(decodeURIComponent(new URL(request.url, 'http://x').pathname));
  try {
    const body = await readFile(join(folder, path));
    response.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream' });
    response.end(body);
  } catch {
    response.writeHead(404).end();
  }
});
server.listen(0, '127.0.0.1', () => console.log(server.address().port));
process.on('SIGTERM', () => {
  console.log(JSON.stringify({ requests }));
  server.close();
  server.closeAllConnections();
});
