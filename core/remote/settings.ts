/**
 * How remote modules may be fetched. Plain data only: the settings travel
 * to the off-thread hooks and on to the fetch worker by structured clone.
 */
export interface RemoteSettings {
  /** Origins that may be fetched from, `https://host[:port]`. Empty: nothing remote is allowed. */
  readonly allow: readonly string[];
  /** Absolute path of `modspace.lock.json`; null: no lockfile, no pinning. */
  readonly lockfile: string | null;
  /** Pin URLs the lockfile does not know yet. Existing pins are never changed. */
  readonly writeLock: boolean;
  /** Absolute path of the content-addressed disk cache; null: memory only. */
  readonly cacheDir: string | null;
  /** Never touch the network: what is not cached is an error. */
  readonly offline: boolean;
  /** Milliseconds for one whole fetch, redirects and body included. */
  readonly timeout: number;
  /** Largest body accepted, in bytes. */
  readonly maxBytes: number;
  /** Most redirects followed for one fetch. */
  readonly maxRedirects: number;
}

/** Safe by default: nothing allowed, nothing written. */
export const DEFAULT_REMOTE: RemoteSettings = Object.freeze({
  allow: Object.freeze([]),
  lockfile: null,
  writeLock: false,
  cacheDir: null,
  offline: false,
  timeout: 10_000,
  maxBytes: 5 * 1024 * 1024,
  maxRedirects: 5,
});

/** One string per distinct settings value, for memoising on settings that arrive as fresh clones. */
export function settingsKey(settings: RemoteSettings): string {
  const { allow, lockfile, writeLock, cacheDir, offline, timeout, maxBytes, maxRedirects } = settings;
  return JSON.stringify([allow, lockfile, writeLock, cacheDir, offline, timeout, maxBytes, maxRedirects]);
}
