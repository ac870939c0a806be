/**
 * A place modules come from other than the local file system: an archive,
 * memory, a web server. The hooks resolve and load inside a place through
 * this interface alone, synchronously, so one set of decisions serves both
 * hook paths (a remote place blocks on its fetch worker; see remote.ts).
 * Every URL a place answers for starts with its `url`.
 */
export interface Place {
  /** The base URL of the place's contents, ending in `/`: `archive:///abs/x.zip!/`, `memory://m1/`, `https://host/mods/`. */
  readonly url: string;
  /** Whether a file is at `url`. */
  isFile(url: string): boolean;
  /** Whether `url` (ending in `/`) names a folder: one holding any file (remote: a `package.json` or an `index.js`). */
  isDirectory(url: string): boolean;
  /**
   * The file's bytes. Throws an error with a `code` when there is none
   * (`ERR_MODULE_NOT_FOUND`) or it cannot be had (a remote refusal).
   * `url` is the module's URL without modspace's token.
   */
  read(url: string): Uint8Array;
}
