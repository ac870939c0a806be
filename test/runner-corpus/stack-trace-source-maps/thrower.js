import { helper, other } from './helper.js';
export function thrower() { other(); throw new Error('thrown on line 2'); }

export const nested = () => helper(() => { other(); throw new Error('line 5'); });
