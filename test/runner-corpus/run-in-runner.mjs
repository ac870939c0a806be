// Runs a corpus program's main.js in a ModuleRunner (the runner's side of the differential test).
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { ModuleRunner } from '../../dist/runner/runner.js';
import { fsHost } from './fs-host.mjs';

const dir = resolve(process.argv[2]);
const runner = new ModuleRunner(fsHost());
await runner.import('./main.js', pathToFileURL(dir + '/').href);
