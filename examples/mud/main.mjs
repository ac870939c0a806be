// The scripted tour of the MUD: a server with two players connected over
// real TCP, whose game code is edited while they play. The edits go to a
// temporary copy of ./game, so the example never changes its own files.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MudClient } from './client.mjs';
import { startMud } from './mud.mjs';

const gameDir = mkdtempSync(join(tmpdir(), 'modspace-mud-'));
// Removed however the tour ends, a failure included.
process.on('exit', () => rmSync(gameDir, { recursive: true, force: true }));
cpSync(fileURLToPath(new URL('./game', import.meta.url)), gameDir, { recursive: true });
const mud = await startMud({ gameDir, log: (line) => console.log(`  [server log] ${line}`) });
console.log(`mud listening on 127.0.0.1:${mud.port}`);

const ada = await MudClient.connect(mud.port);
const bob = await MudClient.connect(mud.port);
const show = (who, line) => console.log(`  ${who} sees: ${line}`);
const login = async (client, name) => {
  await client.expect(/What is your name\?/);
  client.send(name);
  await client.expect(/^Hello /);
};
await login(ada, 'ada');
await login(bob, 'bob');

ada.send('who');
show('ada', await ada.expect(/^Online/));
ada.send('say hello bob');
show('bob', await bob.expect(/ada says/));

/** Writes a game file, then waits until both players are told the outcome. */
async function edit(file, change, outcome) {
  const path = join(gameDir, file);
  writeFileSync(path, change(readFileSync(path, 'utf8')));
  console.log(`\nedit ${file}`);
  for (const [who, client] of [['ada', ada], ['bob', bob]]) show(who, await client.expect(outcome));
}

// 1. A command changes: `say` becomes `shouts`, for everyone, without reconnecting.
await edit('commands/say.js', (text) => text.replace('says: "${args}"', 'shouts: "${args.toUpperCase()}!"'), /\[server\] new code loaded/);
ada.send('say still here');
show('bob', await bob.expect(/ada shouts/));

// 2. The base class two imports below `look` changes: RoomObject extends the new BaseObject.
await edit('objects/base-object.js', (text) => text.replace('`== ${this.data.title} ==`', '`*** ${this.data.title.toUpperCase()} ***`'), /\[server\] new code loaded/);
bob.send('look');
show('bob', await bob.expect(/^\*\*\* GREAT HALL/));

// 3. A broken edit: the error is reported, and the previous `say` keeps working.
await edit('commands/say.js', (text) => text.replace('export function run', 'export function run(('), /\[server\] reload failed/);
ada.send('say do you still hear me');
show('bob', await bob.expect(/ada shouts/));

// 4. Fixed: the new code loads again.
await edit('commands/say.js', (text) => text.replace('export function run((', 'export function run').replace('shouts', 'whispers'), /\[server\] new code loaded/);
ada.send('say psst');
show('bob', await bob.expect(/ada whispers/));

ada.close();
bob.close();
await mud.close();
console.log('\nmud stopped: both players stayed connected through every reload');
