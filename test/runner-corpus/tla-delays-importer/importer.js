import { log } from '../observe.js';
import './waits.js';
log('importer runs after waits');
