import { log } from '../observe.js';
import './throws.js';
log('never');
