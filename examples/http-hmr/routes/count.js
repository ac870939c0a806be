import { route } from '../router.js';
import { hits } from '../services/counter.js';

route('/count', (request, response) => {
  response.end(`${hits()}\n`);
});

import.meta.hot?.accept();
