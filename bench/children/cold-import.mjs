// P1 child: a fresh process imports the graph once, cold. Whatever hooks the
// parent asked for were registered by --import before this file ran.
// argv: entryURL. Prints one JSON line.
import { EVAL_COUNTER } from '../graph.mjs';
import { hooksInUse } from './common.mjs';

const [entryURL] = process.argv.slice(2);
const startup = performance.now(); // since process start: node boot + --import
await import(entryURL);
const total = performance.now();
console.log(
  JSON.stringify({
    startup,
    import: total - startup,
    total,
    evaluations: globalThis[EVAL_COUNTER],
    hooks: hooksInUse(),
  }),
);
