import { other } from './helper.js';
other(); other(); throw new Error('top line 2');
