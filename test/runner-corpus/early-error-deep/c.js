(globalThis.ranList ??= []).push('c');
let let = 1;
