// Child of bench/plugins.mjs: loads every plugin of the generated graph once,
// in a fresh process, after the host imported its API; prints one JSON line.
//   native:      import(plugins/pNNN/index.js) for each plugin, no hooks
//   spaces:      a new ModuleSpace per plugin (share: the API entry) + space.import
//   loadPlugins: loadPlugins(pluginsDir, { space: { share: [apiEntry] } })
// Hooks are registered (a first space) before the clock starts; P1 measures registration.
// argv: JSON { mode, apiEntry, pluginsDir, plugins, modules, apiModules, dist }
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EVAL_COUNTER } from '../graph.mjs';
import { check, hooksInUse } from '../children/common.mjs';
import { API_COUNTER } from './graph.mjs';

const { mode, apiEntry, pluginsDir, plugins, modules, apiModules, dist } = JSON.parse(process.argv[2]);
const names = readdirSync(pluginsDir).sort();
const modspace = mode === 'native' ? null : await import(pathToFileURL(join(dist, 'src/index.js')).href);
if (modspace) await new modspace.ModuleSpace({ name: 'registration' }).dispose();
const api = await import(pathToFileURL(apiEntry).href);

globalThis.gc?.();
const start = performance.now();
const cpuStart = process.cpuUsage();
let loaded = [];
if (mode === 'native') {
  for (const name of names) loaded.push(await import(pathToFileURL(join(pluginsDir, name, 'index.js')).href));
} else if (mode === 'spaces') {
  for (const name of names) {
    const space = new modspace.ModuleSpace({ name, base: pathToFileURL(join(pluginsDir, name, '/')).href, share: [apiEntry] });
    loaded.push(await space.import('./index.js'));
  }
} else if (mode === 'loadPlugins') {
  const result = await modspace.loadPlugins(pluginsDir, { space: { share: [apiEntry] } });
  check(result.every((plugin) => !plugin.error), `plugin errors: ${result.filter((p) => p.error).map((p) => p.error.message).join('; ')}`);
  loaded = result.map((plugin) => plugin.namespace);
} else {
  throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - start;
const cpu = process.cpuUsage(cpuStart);

check(loaded.length === plugins, `${mode}: ${loaded.length} plugins loaded, expected ${plugins}`);
check(globalThis[EVAL_COUNTER] === plugins * modules, `${mode}: ${globalThis[EVAL_COUNTER]} plugin modules evaluated, expected ${plugins * modules}`);
check(globalThis[API_COUNTER] === apiModules, `${mode}: the host API evaluated ${globalThis[API_COUNTER]} modules, expected ${apiModules} (one shared instance)`);
check(loaded.every((namespace) => typeof namespace.value === 'number') && typeof api.value === 'number', `${mode}: bad namespaces`);
console.log(JSON.stringify({ mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, hooks: hooksInUse() }));
