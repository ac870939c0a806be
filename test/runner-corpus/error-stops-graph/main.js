import { log, attempt, error, where, namespace, describe } from '../observe.js';

await attempt('import', () => import('./root.js'));
