import { log } from '../observe.js';
import { boom } from './gen.js';
// gen.js carries an inline source map to orig.ts: the runner composes its own map with it.
try { boom(); } catch (e) { log('frame', /(orig\.ts|gen\.js):\d+/.exec(e.stack)?.[0] ?? 'none'); }
