import { log } from '../observe.js';
import './dep.js';
log('x');
