import * as me from './self.js';
export const selfKeys = () => Object.keys(me);
export const selfNs = me;
