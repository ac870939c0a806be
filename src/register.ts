/**
 * `node --import modspace/register app.js`: registers the hook pair before the
 * application loads. The API reuses this registration (it is idempotent).
 */
import { installHooks } from '../hooks/install.js';

installHooks();
