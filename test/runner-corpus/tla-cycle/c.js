import { log } from '../observe.js';
await new Promise((r) => setTimeout(r, 2));
(globalThis.order ??= []).push('c');
