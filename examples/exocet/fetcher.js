// An ordinary module that talks HTTP. It knows nothing about modspace: it
// imports node:http both ways code in the wild does (default and named), so
// the override has to answer both.
import http, { get } from 'node:http';

/** Requests made by this instance: top-level state, one count per instance. */
let requests = 0;

export function requestCount() {
  return requests;
}

/** GET through the named import. */
export function fetchText(url) {
  requests += 1;
  return new Promise((resolve, reject) => {
    get(url, (response) => readBody(response, resolve, reject)).on('error', reject);
  });
}

/** POST through the default import's `request`. */
export function postText(url, body) {
  requests += 1;
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'POST' }, (response) => readBody(response, resolve, reject));
    request.on('error', reject);
    request.end(body);
  });
}

function readBody(response, resolve, reject) {
  let text = '';
  response.setEncoding('utf8');
  response.on('data', (chunk) => (text += chunk));
  response.on('end', () => resolve(text));
  response.on('error', reject);
}
