import * as h from './helper.js';
export default class {
  fail() {
    return h.helper(() => { throw new Error('anon line 4'); });
  }
}
