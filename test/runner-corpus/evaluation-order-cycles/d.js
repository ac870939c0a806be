import { log } from '../observe.js';
import './a.js';
log('d');
