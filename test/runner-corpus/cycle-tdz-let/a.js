import { log } from '../observe.js';
import { readA } from './b.js';
export let value = 'initialised';
log('after init', readA());
