// A plugin that wants to run commands. The host denies node:child_process to
// every plugin, so this one fails to load and the others are unaffected.
import { execFileSync } from 'node:child_process';
import { bus } from '../event-bus.js';

bus.on('greet', () => execFileSync('whoami', { encoding: 'utf8' }));
