(globalThis.order ??= []).push('first.js');
