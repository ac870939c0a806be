import { log } from '../observe.js';
import './b.js';
export class K {}
export default 'dflt';
export const c = 1;
log('a done', [K.name]);
