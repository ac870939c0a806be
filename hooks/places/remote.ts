// PLACEHOLDER: replaced by the remote branch (helper).
import type { Place } from './place.js';
import type { RemoteSettings } from '../remote/settings.js';
export interface RemoteFile { url: string; finalURL: string; bytes: Uint8Array; contentType: string; integrity: string }
export function remotePlace(baseURL: string, settings: RemoteSettings, extraExtensions?: readonly string[]): Place { throw new Error(`remote not built yet ${baseURL} ${String(settings)} ${String(extraExtensions)}`); }
export function readRemote(url: string, settings: RemoteSettings, extraExtensions?: readonly string[]): RemoteFile { throw new Error(`remote not built yet ${url} ${String(settings)} ${String(extraExtensions)}`); }
export function forgetRemote(options?: { disk?: boolean }, cacheDirs?: readonly string[]): void { void options; void cacheDirs; }
