/**
 * A mistake on the command line (an unknown flag, a missing argument, a bad
 * value, a config file that does not export options): printed with its code
 * and a pointer to `--help`, exit code 2. Everything the program itself does
 * after it starts keeps Node's behaviour instead.
 */
import { ErrorCodes, ModspaceError } from '../../core/errors.js';

export class UsageError extends ModspaceError {
  /** The command whose `--help` to point at. */
  readonly command: string | undefined;

  constructor(message: string, command?: string, cause?: unknown) {
    super(ErrorCodes.INVALID_OPTION, message, { specifier: undefined, cause });
    this.command = command;
  }
}

export const USAGE_EXIT = 2;
