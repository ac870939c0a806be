// PLACEHOLDER: replaced by the archive branch (helper). Signatures only.
import type { Place } from './place.js';
export function isArchivePath(pathOrURL: string): boolean { return /\.(?:zip|tgz|tar\.gz|tar)$/i.test(pathOrURL); }
export function archiveRootURL(fileURL: string): string { return `archive:${fileURL.slice('file:'.length)}!/`; }
export function archiveFileOf(url: string): string | undefined { const at = url.indexOf('!/'); return url.startsWith('archive:') && at !== -1 ? `file:${url.slice(8, at)}` : undefined; }
export function openArchive(fileURL: string): Place { throw new Error(`archives not built yet: ${fileURL}`); }
export function archivePlaceOf(url: string): Place | undefined { const file = archiveFileOf(url); return file === undefined ? undefined : openArchive(file); }
export function forgetArchives(): void {}
