import { log } from '../observe.js';
import './b.js';
log('a never');
