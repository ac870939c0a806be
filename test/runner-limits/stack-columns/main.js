import { log, attempt, error, where, describe } from '../../runner-corpus/observe.js';

import { other } from './m.js';
other(); const e = new Error('column'); log('frame', /main\.js:\d+:\d+/.exec(e.stack)[0]);
