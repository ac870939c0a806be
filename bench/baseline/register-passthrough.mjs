// `node --import ./bench/baseline/register-passthrough.mjs app.js`: the
// trivial hook pair, registered before the app loads (as modspace/register does).
import { registerPassthrough } from './passthrough.mjs';

registerPassthrough();
