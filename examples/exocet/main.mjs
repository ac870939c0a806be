// Exocet's headline story: load a fresh instance of a module whose
// `node:http` is a wrapper that records every host it is asked to contact,
// while the module as the rest of the process imports it stays untouched.
import http from 'node:http';
import { ModuleSpace } from 'modspace';
import * as plainFetcher from './fetcher.js';

// A local server, so the example runs offline and contacts only loopback.
// It answers a bounded number of requests: nothing here should loop forever.
const MAX_REQUESTS = 10;
let served = 0;
const server = http.createServer((request, response) => {
  served += 1;
  if (served > MAX_REQUESTS) request.socket.destroy();
  else response.end(`hello #${served} (${request.method} ${request.url})`);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const origin = `http://127.0.0.1:${server.address().port}`;
console.log(`server listening on ${origin}`);

// Built from the real module: every export is kept, only the two entry points
// that open connections are replaced. `http.get` is wrapped on its own because
// the real one calls the real `request` internally, not our property.
const contacted = [];
function hostOf(target) {
  if (typeof target === 'string' || target instanceof URL) return new URL(target).host;
  return `${target.hostname ?? target.host ?? 'localhost'}:${target.port ?? 80}`;
}
const loggingHttp = {
  ...http,
  request(target, ...rest) {
    contacted.push(`request ${hostOf(target)}`);
    return http.request(target, ...rest);
  },
  get(target, ...rest) {
    contacted.push(`get ${hostOf(target)}`);
    return http.get(target, ...rest);
  },
};

const space = new ModuleSpace({
  name: 'exocet',
  base: import.meta.url,
  overrides: { 'node:http': loggingHttp },
});

try {
  const fetcher = await space.import('./fetcher.js');

  console.log('\nThrough the space (node:http is the logging wrapper):');
  console.log(`  GET  -> ${await fetcher.fetchText(`${origin}/status`)}`);
  console.log(`  POST -> ${await fetcher.postText(`${origin}/echo`, 'ping')}`);
  console.log(`hosts the wrapper was asked to contact (${contacted.length}):`);
  for (const entry of contacted) console.log(`  - ${entry}`);

  console.log('\nThe plain import (no space) is a separate, untouched instance:');
  const before = contacted.length;
  console.log(`  GET  -> ${await plainFetcher.fetchText(`${origin}/plain`)}`);
  console.log(`  new log entries from the plain instance: ${contacted.length - before}`);
  console.log(`  same instance as the space's: ${fetcher === plainFetcher}`);
  console.log(`  requests counted: space instance ${fetcher.requestCount()}, plain instance ${plainFetcher.requestCount()}`);
} finally {
  await space.dispose();
  // close() only drops idle connections; if a request failed midway, one may
  // still be busy, and the example should exit on its own even then.
  server.close();
  server.closeAllConnections();
}
