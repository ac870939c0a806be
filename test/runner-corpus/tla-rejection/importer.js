import { log } from '../observe.js';
import './fails.js';
log('importer must not run');
