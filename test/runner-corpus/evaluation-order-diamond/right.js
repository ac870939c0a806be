import { log } from '../observe.js';
import './leaf2.js';
import './shared.js';
log('right');
