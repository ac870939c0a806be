import { log, attempt, error, where, namespace, describe } from '../observe.js';

const errors = [];
for (let i = 0; i < 3; i++) {
  try { await import('./throws.js'); } catch (e) { errors.push(e); }
}
log('errors', errors.map((e) => e.message));
log('identical', errors[0] === errors[1] && errors[1] === errors[2]);
log('ran', globalThis.ran);
try { await import('./importer.js'); } catch (e) { log('importer gets same', e === errors[0]); }
