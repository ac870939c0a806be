import { log } from '../observe.js';
import './shared.js';
import './leaf1.js';
log('left');
