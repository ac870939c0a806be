import { log } from '../observe.js';
import './b.js';
import './d.js';
log('c');
