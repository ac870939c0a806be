import { log } from '../observe.js';
log('c starts');
await null;
throw new Error('c fails late');
