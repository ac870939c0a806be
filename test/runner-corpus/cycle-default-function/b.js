import { log } from '../observe.js';
import f from './a.js';
log('b calls default during cycle', [f(), f.name]);
