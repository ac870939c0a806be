globalThis.events.push('b runs');
export const b = 'B';
