// Runs the MUD until stopped: `node examples/mud/server.mjs [--port 4000] [--game <dir>]`,
// then connect with `nc 127.0.0.1 4000` (or telnet) and edit files in ./game.
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { startMud } from './mud.mjs';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '4000' },
    game: { type: 'string', default: fileURLToPath(new URL('./game', import.meta.url)) },
  },
});
const mud = await startMud({ gameDir: values.game, port: Number(values.port) });
console.log(`mud listening on 127.0.0.1:${mud.port} (game code in ${values.game})`);
const stop = async () => {
  await mud.close();
  console.log('mud stopped');
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
