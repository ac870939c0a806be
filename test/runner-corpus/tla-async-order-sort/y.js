import { log } from '../observe.js';
import './dep.js';
log('y');
