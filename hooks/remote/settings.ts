// PLACEHOLDER: replaced by the remote branch (helper).
export interface RemoteSettings { allow: string[]; lockfile: string | null; writeLock: boolean; cacheDir: string | null; offline: boolean; timeout: number; maxBytes: number; maxRedirects: number }
export const DEFAULT_REMOTE: RemoteSettings = { allow: [], lockfile: null, writeLock: false, cacheDir: null, offline: false, timeout: 10_000, maxBytes: 5 * 1024 * 1024, maxRedirects: 5 };
