// A module that wants to run commands: the space below denies it.
import { execFileSync } from 'node:child_process';

export const whoami = () => execFileSync('whoami', { encoding: 'utf8' }).trim();
