import { log } from '../observe.js';
import './slow.js';
log('left');
await null;
log('left after await');
