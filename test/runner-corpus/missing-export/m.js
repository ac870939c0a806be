(globalThis.ranList ??= []).push('m');
export const yes = 1;
