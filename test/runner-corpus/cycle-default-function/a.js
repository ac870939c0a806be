import { log } from '../observe.js';
import './b.js';
export default function () { return 'anon default'; }
log('a done');
