import './helper.js';


throw new Error('top line 4');
