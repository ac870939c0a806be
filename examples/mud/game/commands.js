// The command table the host looks up on every line. Each command module
// exports `summary` and `run(context)`.
import * as look from './commands/look.js';
import * as say from './commands/say.js';
import * as who from './commands/who.js';
import * as go from './commands/go.js';
import * as help from './commands/help.js';

export const commands = { look, say, who, go, help };
