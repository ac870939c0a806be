/**
 * Which URLs may be fetched at all: an allowed origin, over https (plain
 * http only to this machine, where there is no network to tamper with it).
 * Checked before the network and before the caches, so a cached file from
 * an origin that is no longer allowed is refused too.
 */
import { ErrorCodes, ModspaceError, type ErrorCode } from '../errors.js';

export interface Refusal {
  code: ErrorCode;
  reason: string;
}

/**
 * The origin an allow-list entry names, or undefined when the entry is not
 * a bare http(s) origin (a path, query or credentials would suggest a
 * narrower rule than an origin check gives, so such entries match nothing).
 */
export function originOf(entry: string): string | undefined {
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username || url.password || url.search || url.hash || url.pathname !== '/') return undefined;
  return url.origin;
}

/** localhost, 127.0.0.0/8 and ::1, as `URL.hostname` spells them. */
export function isLoopback(hostname: string): boolean {
  if (hostname === 'localhost' || hostname === '[::1]') return true;
  const octets = hostname.split('.');
  return octets.length === 4 && octets[0] === '127' && octets.every((octet) => /^\d{1,3}$/.test(octet) && Number(octet) <= 255);
}

/** Why `url` may not be fetched under `allow`, or undefined when it may. */
export function refusalOf(url: URL, allow: readonly string[]): Refusal | undefined {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { code: ErrorCodes.REMOTE_ORIGIN, reason: `only https: URLs (and http: to loopback hosts) can be fetched, not ${url.protocol}` };
  }
  if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
    return {
      code: ErrorCodes.REMOTE_INSECURE,
      reason: 'plain http: is only allowed to loopback hosts (localhost, 127.0.0.0/8, ::1); use https:',
    };
  }
  if (!allow.some((entry) => originOf(entry) === url.origin)) {
    const allowed = allow.length ? allow.join(', ') : 'none';
    return { code: ErrorCodes.REMOTE_ORIGIN, reason: `its origin ${url.origin} is not allowed (allowed origins: ${allowed})` };
  }
  return undefined;
}

/** The parsed URL when it may be fetched; throws the refusal otherwise. */
export function checkRemote(url: string, allow: readonly string[]): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ModspaceError(ErrorCodes.REMOTE_ORIGIN, `Remote module ${url} is refused: not a valid URL`);
  }
  const refusal = refusalOf(parsed, allow);
  if (refusal) throw new ModspaceError(refusal.code, `Remote module ${url} is refused: ${refusal.reason}`);
  return parsed;
}
