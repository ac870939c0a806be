// Path → handler. Route modules register themselves here; a new instance of a
// route replaces its old handler in one step, so no request finds no handler.
const routes = new Map();

export function route(path, handler) {
  routes.set(path, handler);
}

export function handle(request, response) {
  const { pathname } = new URL(request.url, 'http://localhost');
  const handler = routes.get(pathname);
  if (!handler) {
    response.writeHead(404).end('not found\n');
    return;
  }
  handler(request, response);
}
