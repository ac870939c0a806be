import d from './m.js';
