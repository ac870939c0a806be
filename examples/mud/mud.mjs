// The MUD host: TCP connections, players and the world's state live here and
// survive every reload. The game's code (commands, object classes) lives in
// ./game and is loaded through a module space that watches its files: edit a
// command, or the base class two files below it, and the next command typed
// runs the new code, with every player still connected.
import net from 'node:net';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import { pathToFileURL } from 'node:url';
import { ModuleSpace } from 'modspace';

/** The world is plain data owned by the host, so no reload can lose it. */
function createWorld() {
  return {
    rooms: {
      hall: { title: 'Great Hall', description: 'A vaulted hall lit by torches.', exits: { north: 'library' } },
      library: { title: 'Library', description: 'Shelves of dusty books reach the ceiling.', exits: { south: 'hall' } },
    },
    players: new Map(),
  };
}

/**
 * Starts the server. `gameDir`: the folder of game code; `log`: where server
 * messages go. Resolves once it listens, with its port and a `close()`.
 */
export async function startMud({ gameDir, port = 0, host = '127.0.0.1', log = console.log }) {
  const world = createWorld();
  const space = new ModuleSpace({ name: 'mud-game', base: pathToFileURL(`${gameDir}/`) });
  let game = await space.import('./commands.js');

  const broadcast = (text, except) => {
    for (const player of world.players.values()) if (player !== except) player.tell(text);
  };

  const watcher = space.watch({ entry: './commands.js', debounce: 50, onReload: (namespace) => (game = namespace) });
  watcher.on('reload', ({ files, modules }) => {
    const names = files.map((file) => basename(file)).join(', ');
    log(`reloaded ${names} (${modules.length} modules renewed)`);
    broadcast(`[server] new code loaded: ${names}`);
  });
  watcher.on('error', ({ error, location }) => {
    const where = location ? `${basename(location.file)}${location.line ? `:${location.line}` : ''}` : 'unknown place';
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    log(`reload failed at ${where}: ${message}`);
    broadcast(`[server] reload failed at ${where}: ${message}; the previous code keeps running`);
  });

  const sockets = new Set();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const player = { name: null, room: 'hall', tell: (text) => socket.writable && socket.write(`${text}\n`) };
    player.tell('Welcome to the modspace MUD. What is your name?');
    const lines = createInterface({ input: socket });
    lines.on('line', (line) => {
      const text = line.trim();
      if (player.name === null) {
        if (!/^\w{1,20}$/.test(text)) return player.tell('A name is one word of letters and digits. What is your name?');
        player.name = text;
        world.players.set(socket, player);
        player.tell(`Hello ${text}. Type help for the commands.`);
        broadcast(`${text} arrives.`, player);
        return;
      }
      if (text === '') return;
      if (text === 'quit') return socket.end('Bye.\n');
      const [verb, ...rest] = text.split(/\s+/);
      // Looked up on every line: the table is whatever the latest good reload produced.
      const command = game.commands[verb.toLowerCase()];
      if (!command) return player.tell(`Unknown command "${verb}". Type help.`);
      try {
        command.run({ player, world, args: rest.join(' '), broadcast: (message) => broadcast(message, player), commands: game.commands });
      } catch (error) {
        player.tell(`[server] ${verb} failed: ${error.message}`);
      }
    });
    lines.on('close', () => {
      if (world.players.delete(socket)) broadcast(`${player.name} leaves.`);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });

  return {
    port: server.address().port,
    async close() {
      await watcher.close();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
      await space.dispose();
    },
  };
}
