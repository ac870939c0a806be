/**
 * Validation of a space's `transforms` option: file extension → the module
 * whose `transform(source, url)` turns such files into JavaScript. The
 * module is loaded here, so a missing file or export is reported where the
 * space is made, not at its first import.
 */
import { isAbsolute } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ErrorCodes, ModspaceError } from './errors.js';
import { describe, isPlainObject, relativePathURL } from './options.js';
import { isFile } from '../hooks/package-entry.js';
import { loadTransform } from '../hooks/transforms.js';

const EXTENSION = /^\.[\w-]+$/;

export function parseTransforms(value: unknown, base: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) invalid('transforms', `Option "transforms" must be an object of extension → transform module, got ${describe(value)}`);
  const parsed: Record<string, string> = {};
  for (const [extension, target] of Object.entries(value)) {
    const option = `transforms["${extension}"]`;
    if (!EXTENSION.test(extension)) invalid(option, `Option "transforms": keys are file extensions with their dot (".coffee"), got "${extension}"`);
    const text = target instanceof URL ? target.href : target;
    if (typeof text !== 'string' || text === '') invalid(option, `Option "${option}" must be the path or file URL of a transform module, got ${describe(target)}`);
    const url = text.startsWith('file:') ? new URL(text) : isAbsolute(text) ? pathToFileURL(text) : relativePathURL(text, base);
    if (!isFile(url)) invalid(option, `Option "${option}": ${url.href} is not a file`);
    try {
      loadTransform(url.href);
    } catch (error) {
      invalid(option, `Option "${option}": ${error instanceof Error ? error.message : String(error)}`);
    }
    parsed[extension] = url.href;
  }
  return parsed;
}

function invalid(option: string, message: string): never {
  throw new ModspaceError(ErrorCodes.INVALID_OPTION, message, { specifier: option });
}
