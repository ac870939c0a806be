globalThis.events = ['a starts'];
globalThis.pending = import('./b.js').then((ns) => globalThis.events.push('b loaded ' + ns.b));
globalThis.events.push('a ends');
