import { log, attempt, error, where, namespace, describe } from '../observe.js';

import {
  thrower,
  nested,
} from './thrower.js';
import Anon from './anon.js';
try { thrower(); } catch (e) { log('thrower', where(e)); }
try { nested(); } catch (e) { log('nested', where(e)); }
try { new Anon().fail(); } catch (e) { log('anon class', where(e)); }
try { await import('./top-throw.js'); } catch (e) { log('top-level throw', where(e)); }
const e = new Error('here');
log('main line', where(e));
