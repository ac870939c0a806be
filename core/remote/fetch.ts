/**
 * One checked GET: the allow list and https rule on every hop, redirects
 * followed by hand (so each target is checked before it is contacted), one
 * deadline for the whole exchange, and a body that must be accepted, small
 * enough and complete. Anything short of that rejects with a coded error
 * naming the URL; the caller never sees a partial or unchecked body.
 */
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { addAbortSignal } from 'node:stream';
import { ErrorCodes, ModspaceError } from '../errors.js';
import { mimeTypeOf } from './content-types.js';
import { checkRemote, refusalOf } from './origin.js';
import type { RemoteSettings } from './settings.js';

export interface FetchedFile {
  /** The URL asked for. */
  url: string;
  /** The URL the body came from, after redirects. */
  finalURL: string;
  bytes: Uint8Array;
  /** The Content-Type header as sent. */
  contentType: string;
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NOT_FOUND_STATUSES = new Set([404, 410]);

// Keep-alive: a module graph comes from a few hosts, one request per file.
const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

/** Fetches `url`; rejects with ERR_MODSPACE_REMOTE_NOT_FOUND on 404/410 (probes turn that into "no file"). */
export async function fetchChecked(url: string, settings: RemoteSettings, accept: readonly string[]): Promise<FetchedFile> {
  let current = checkRemote(url, settings.allow);
  const where = () => (current.href === url ? url : `${url} (redirected to ${current.href})`);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), settings.timeout);
  try {
    for (let redirects = 0; ; redirects++) {
      const response = await get(current, accept, controller.signal);
      const { statusCode = 0, headers } = response;
      if (REDIRECT_STATUSES.has(statusCode) && headers.location !== undefined) {
        // Not drained for reuse: a redirect's body is not worth waiting on.
        response.destroy();
        const target = parseURL(headers.location, current);
        if (target === undefined) {
          throw new ModspaceError(ErrorCodes.REMOTE_REDIRECT, `Fetching ${where()}: redirected to an invalid URL ${JSON.stringify(headers.location)}`);
        }
        if (redirects >= settings.maxRedirects) {
          throw new ModspaceError(ErrorCodes.REMOTE_REDIRECT, `Fetching ${url}: more than ${settings.maxRedirects} redirects`);
        }
        const refusal = refusalOf(target, settings.allow);
        if (refusal) {
          throw new ModspaceError(ErrorCodes.REMOTE_REDIRECT, `Fetching ${where()}: redirected to ${target.href}, which is refused: ${refusal.reason}`);
        }
        current = target;
        continue;
      }
      if (statusCode < 200 || statusCode > 299) {
        response.destroy();
        if (NOT_FOUND_STATUSES.has(statusCode)) {
          throw new ModspaceError(ErrorCodes.REMOTE_NOT_FOUND, `Remote module ${where()} was not found (HTTP ${statusCode})`);
        }
        throw new ModspaceError(ErrorCodes.REMOTE_STATUS, `Fetching ${where()} answered HTTP ${statusCode} ${response.statusMessage ?? ''}`.trimEnd());
      }
      const contentType = headers['content-type'] ?? '';
      checkContent(response, contentType, accept, where());
      const bytes = await readBody(response, settings.maxBytes, where(), controller.signal);
      return { url, finalURL: current.href, bytes, contentType };
    }
  } catch (error) {
    if (controller.signal.aborted) {
      throw new ModspaceError(ErrorCodes.REMOTE_TIMEOUT, `Fetching ${where()} took longer than ${settings.timeout} ms`);
    }
    if (error instanceof ModspaceError) throw error;
    throw new ModspaceError(ErrorCodes.REMOTE_INCOMPLETE, `Fetching ${where()} failed: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
  }
}

/** `URL.parse` is newer than the oldest Node supported (20.6). */
function parseURL(input: string, base: URL): URL | undefined {
  try {
    return new URL(input, base);
  } catch {
    return undefined;
  }
}

/**
 * Resolves with the response head. A keep-alive socket taken from the pool
 * may turn out dead (reset) or to hold stray bytes a server left behind
 * (a parse error): the request got no answer of its own, and a GET may be
 * sent again, so it is, once, on a new connection. A new connection that
 * fails is the server's answer: reported, never retried.
 */
function get(url: URL, accept: readonly string[], signal: AbortSignal, retried = false): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const client = url.protocol === 'https:' ? https : http;
    const headers = {
      accept: accept.join(', '),
      // The body is hashed and run as sent: no decoding step to get wrong.
      'accept-encoding': 'identity',
      'user-agent': 'modspace',
    };
    // The retry bypasses the pool (`agent: false`), so it cannot draw another stale socket.
    const agent = retried ? false : agents[url.protocol as 'http:' | 'https:'];
    let responded = false;
    const request = client.request(url, { headers, agent, signal }, (response) => {
      responded = true;
      resolve(response);
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (!responded && !retried && request.reusedSocket && isStaleSocketError(error)) {
        get(url, accept, signal, true).then(resolve, reject);
      } else {
        reject(error);
      }
    });
    request.end();
  });
}

/** A reset, or bytes llhttp cannot read as a response (`HPE_*` codes: "Parse Error: Expected HTTP/"). */
function isStaleSocketError(error: NodeJS.ErrnoException): boolean {
  return error.code === 'ECONNRESET' || error.code?.startsWith('HPE_') === true;
}

/** Refuses a body the URL must not be run as, before reading it. */
function checkContent(response: IncomingMessage, contentType: string, accept: readonly string[], where: string): void {
  const type = mimeTypeOf(contentType);
  if (!accept.some((accepted) => accepted.toLowerCase() === type)) {
    response.destroy();
    const sent = contentType === '' ? 'no content type' : `content type "${contentType}"`;
    throw new ModspaceError(
      ErrorCodes.REMOTE_CONTENT_TYPE,
      `Remote module ${where} was served with ${sent}, which is not accepted for it (accepted: ${accept.join(', ')})`,
    );
  }
  const encoding = response.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') {
    response.destroy();
    throw new ModspaceError(
      ErrorCodes.REMOTE_CONTENT_TYPE,
      `Remote module ${where} was sent with content-encoding "${encoding}" although identity was asked for`,
    );
  }
}

/** The whole body, refused as soon as it is known to exceed `maxBytes`. */
async function readBody(response: IncomingMessage, maxBytes: number, where: string, signal: AbortSignal): Promise<Uint8Array> {
  const tooLarge = () => new ModspaceError(ErrorCodes.REMOTE_TOO_LARGE, `Remote module ${where} is larger than the limit of ${maxBytes} bytes`);
  const declared = response.headers['content-length'];
  const length = declared === undefined ? undefined : Number(declared);
  if (length !== undefined && length > maxBytes) {
    response.destroy();
    throw tooLarge();
  }
  addAbortSignal(signal, response);
  const chunks: Buffer[] = [];
  let total = 0;
  const cutShort = (detail: string) =>
    new ModspaceError(
      ErrorCodes.REMOTE_INCOMPLETE,
      `Fetching ${where} failed: the connection closed after ${total}${length === undefined ? '' : ` of ${length}`} bytes${detail}`,
    );
  try {
    // Leaving the loop early (throw) destroys the response.
    for await (const chunk of response as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > maxBytes) throw tooLarge();
      chunks.push(chunk);
    }
  } catch (error) {
    // A timeout is the caller's to name.
    if (error instanceof ModspaceError || signal.aborted) throw error;
    throw cutShort(` (${(error as Error).message})`);
  }
  if (!response.complete || (length !== undefined && total !== length)) throw cutShort('');
  // A buffer of its own (not a slice of Node's shared pool) so it can be
  // transferred to another thread without detaching anything else.
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.length;
  }
  return bytes;
}
