(globalThis.ranList ??= []).push('side');
