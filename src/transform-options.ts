/**
 * Validation of a space's `transforms` option: file extension → the module
 * whose `transform(source, url)` turns such files into JavaScript. The
 * module is loaded here, so a missing file or export is reported where the
 * space is made, not at its first import.
 */
import { describe, invalidOption, isPlainObject, localFileURL } from './option-input.js';
import { isFile } from '../core/package-entry.js';
import { loadTransform } from '../core/transforms.js';

const EXTENSION = /^\.[\w-]+$/;

export function parseTransforms(value: unknown, base: string): Record<string, string> | undefined {
  if (value === undefined) return undefined;
  if (!isPlainObject(value)) invalid('transforms', `Option "transforms" must be an object of extension → transform module, got ${describe(value)}`);
  const parsed = Object.create(null) as Record<string, string>;
  for (const [extension, target] of Object.entries(value)) {
    const option = `transforms["${extension}"]`;
    if (!EXTENSION.test(extension)) invalid(option, `Option "transforms": keys are file extensions with their dot (".coffee"), got "${extension}"`);
    const text = target instanceof URL ? target.href : target;
    if (typeof text !== 'string' || text === '') invalid(option, `Option "${option}" must be the path or file URL of a transform module, got ${describe(target)}`);
    const url = localFileURL(option, text, base);
    if (!isFile(url)) invalid(option, `Option "${option}": ${url.href} is not a file`);
    try {
      loadTransform(url.href);
    } catch (error) {
      invalidOption(option, `Option "${option}": ${error instanceof Error ? error.message : String(error)}`, error);
    }
    parsed[extension] = url.href;
  }
  return parsed;
}

function invalid(option: string, message: string): never {
  return invalidOption(option, message);
}
