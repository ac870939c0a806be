import * as h from './helper.js';
export default class {
  fail() { return h.helper(() => { h.other(); throw new Error('anon line 3'); }); }
}
