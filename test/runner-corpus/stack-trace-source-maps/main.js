import { log, whereExactly } from '../observe.js';
import { thrower, nested } from './thrower.js';
import Anon from './anon.js';
try { thrower(); } catch (e) { log('thrower', whereExactly(e)); }
try { nested(); } catch (e) { log('nested', whereExactly(e)); }
try { new Anon().fail(); } catch (e) { log('anon class', whereExactly(e)); }
try { await import('./top-throw.js'); } catch (e) { log('top-level throw', whereExactly(e)); }
log('main line', whereExactly(new Error('here')));
