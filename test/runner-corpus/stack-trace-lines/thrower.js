import {
  helper,
} from './helper.js';
export function thrower() {
  throw new Error('thrown on line 5');
}

export const nested = () => helper(() => {
  throw new Error('line 10');
});
