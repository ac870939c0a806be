import { log } from '../../runner-corpus/observe.js';
import { boom } from './gen.js';
try { boom(); } catch (e) { log('frame', /(orig\.ts|gen\.js):\d+/.exec(e.stack)?.[0] ?? 'none'); }
