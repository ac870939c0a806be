// Served over HTTP: its relative import stays on the server.
import { memo } from './memo.js';

export const fib = memo((n) => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
