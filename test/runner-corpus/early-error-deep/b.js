import './c.js';
(globalThis.ranList ??= []).push('b');
