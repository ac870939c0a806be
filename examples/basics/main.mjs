// The basics of module spaces, one idea per section.
import { ModuleSpace } from 'modspace';

const base = import.meta.url;

// 1. One file, two spaces: two instances, each with its own top-level state.
const a = new ModuleSpace({ name: 'a', base });
const b = new ModuleSpace({ name: 'b', base });
const counterA = await a.import('./counter.js');
const counterB = await b.import('./counter.js');
counterA.increment();
counterA.increment();
counterB.increment();
console.log('1. two spaces, two instances of counter.js');
console.log(`   space a counted ${counterA.increment()}, space b counted ${counterB.increment()}`);
console.log(`   same instance: ${counterA === counterB}`);

// 2. fresh() starts a new generation: the next import re-runs the module,
//    while the old instance keeps its state for whoever still holds it.
a.fresh();
const counterA2 = await a.import('./counter.js');
console.log('2. a.fresh() gives a new instance');
console.log(`   new instance counted ${counterA2.increment()}, old instance counted ${counterA.increment()}`);
console.log(`   same instance: ${counterA2 === counterA}`);

// 3. A child space delegates what it shares to its parent, like a Java
//    class loader: the plugin's Message is the host's Message.
const host = new ModuleSpace({ name: 'host', base });
const { Message } = await host.import('./host-api.js');
const sharing = host.child({ name: 'plugin', share: ['./host-api.js'] });
const isolated = host.child({ name: 'isolated-plugin' });
const shared = (await sharing.import('./plugin.js')).greet('shared');
const unshared = (await isolated.import('./plugin.js')).greet('isolated');
console.log('3. a child space sharing ./host-api.js uses the parent\'s instance');
console.log(`   sharing child: "${shared.text}" instanceof host Message: ${shared instanceof Message}`);
console.log(`   child without share: "${unshared.text}" instanceof host Message: ${unshared instanceof Message}`);

// 4. A policy refuses imports the space's modules should not make, with a
//    stable error code to match on.
const guarded = new ModuleSpace({ name: 'guarded', base, policy: { deny: ['node:child_process'] } });
console.log('4. a denied import fails with a clear error');
try {
  await guarded.import('./shell.js');
  console.log('   unexpected: ./shell.js loaded');
  process.exitCode = 1;
} catch (error) {
  console.log(`   code: ${error.code}`);
  console.log(`   message: ${error.message}`);
}

// Disposing the host disposes its children too.
await Promise.all([a, b, host, guarded].map((space) => space.dispose()));
