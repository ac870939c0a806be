// P1 child: a fresh process imports the graph once, cold. Whatever hooks the
// parent asked for were registered by --import before this file ran.
// argv: entryURL. Prints one JSON line.
import { EVAL_COUNTER } from '../graph.mjs';
import { hooksInUse } from './common.mjs';

const [entryURL] = process.argv.slice(2);
const startup = performance.now(); // since process start: node boot + --import
const cpuBefore = process.cpuUsage();
await import(entryURL);
const total = performance.now();
const cpu = process.cpuUsage(cpuBefore);
const cpuTotal = process.cpuUsage();
console.log(
  JSON.stringify({
    startup,
    import: total - startup,
    total,
    // CPU time of all the process's threads (the off-thread hooks thread too), in ms.
    importCpu: (cpu.user + cpu.system) / 1000,
    totalCpu: (cpuTotal.user + cpuTotal.system) / 1000,
    evaluations: globalThis[EVAL_COUNTER],
    hooks: hooksInUse(),
  }),
);
