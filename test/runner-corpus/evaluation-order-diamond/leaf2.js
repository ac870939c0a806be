import { log } from '../observe.js';
import './leaf1.js';
log('leaf2');
