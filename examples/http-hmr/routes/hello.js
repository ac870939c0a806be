import { route } from '../router.js';
import { hit } from '../services/counter.js';

route('/hello', (request, response) => {
  response.end(`hello, world (visit ${hit()})\n`);
});

// This module takes its own updates: an edit re-runs it, and only it.
import.meta.hot?.accept();
