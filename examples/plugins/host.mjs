// A plugin host: every plugin of ./plugins in its own space, sharing only the
// host's event bus, each with its own copy of `lib`, none allowed to run commands.
import { existsSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPlugins } from 'modspace';
import { bus, EventBus } from './event-bus.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const ready = [];
bus.on('ready', (info) => ready.push(`${info.plugin} (lib ${info.lib})`));

const plugins = await loadPlugins('./plugins', {
  base: import.meta.url,
  space: (plugin) => ({
    share: ['./event-bus.js'], // the host's instance, not a copy
    roots: plugin.folder && existsSync(join(plugin.folder, 'deps')) ? [join(plugin.folder, 'deps')] : [],
    policy: { deny: ['node:child_process'] },
  }),
});

console.log(`found ${plugins.length} plugins in ${relative(process.cwd(), join(here, 'plugins')) || '.'}, each loaded in its own space:`);
for (const plugin of plugins) {
  const { error } = plugin;
  if (!error) console.log(`  ${plugin.name.padEnd(8)} ok, lib ${plugin.namespace.lib}`);
  else if (error.code === 'ERR_MODSPACE_DENIED') {
    console.log(`  ${plugin.name.padEnd(8)} FAILED ${error.code}: plugin "${plugin.name}" may not import "${error.specifier}" (in ${relative(here, error.importer)})`);
    console.log(`           ${error.message}`);
  } else console.log(`  ${plugin.name.padEnd(8)} FAILED: ${error.message}`);
}

const loaded = plugins.filter((plugin) => !plugin.error);
console.log(`ready events on the host's bus: ${ready.join(', ')}`);
console.log(`every loaded plugin holds the host's bus: ${loaded.every((plugin) => plugin.namespace.bus === bus)}`);
console.log(`instanceof the host's EventBus: ${loaded.every((plugin) => plugin.namespace.bus instanceof EventBus)}`);
console.log('the host emits "greet" with "world"; the plugins answer:');
for (const answer of bus.emit('greet', 'world')) console.log(`  ${answer}`);

// One call drops every plugin space (where the runtime has it: `await using plugins = ...`).
await plugins.dispose();
console.log(`all plugin spaces disposed: ${plugins.every((plugin) => plugin.space.disposed)}`);
