import { route } from '../router.js';
// How many timers the process holds: old instances' timers must be gone.
route('/stats', (request, response) => {
  const timers = process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
  response.setHeader('content-type', 'application/json');
  response.end(JSON.stringify({ timers }));
});

import.meta.hot?.accept();
