import './b.js';
(globalThis.ranList ??= []).push('a');
