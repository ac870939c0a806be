(globalThis.order ??= []).push('lib.cjs');
