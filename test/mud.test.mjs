// examples/mud as a user runs it: `node examples/mud/server.mjs`, two real TCP
// clients connected, game files edited under them (a command, then the base
// class two imports down), a broken edit that must leave the old code serving
// with the error reported, then the fix. Once per hook path.
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deprecatesRegister, hookModes, makeProject, removeProject, root } from './helpers.mjs';
import { MudClient } from '../examples/mud/client.mjs';

const server = join(root, 'examples', 'mud', 'server.mjs');

function startServer(gameDir, mode) {
  const args = mode === 'off-thread' && deprecatesRegister ? ['--no-deprecation'] : [];
  const child = spawn(process.execPath, [...args, server, '--port', '0', '--game', gameDir], {
    env: { ...process.env, MODSPACE_HOOKS: mode },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk) => (output += chunk));
  const port = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 20_000);
    child.stdout.on('data', () => {
      const match = /mud listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (match) (clearTimeout(timer), resolve(Number(match[1])));
    });
    child.once('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)));
  });
  return { child, port, output: () => output };
}

for (const mode of hookModes) {
  test(`[${mode}] the MUD reloads commands and a base class under two connected players`, async () => {
    const gameDir = makeProject({}, 'modspace-mud-test-');
    cpSync(join(root, 'examples', 'mud', 'game'), gameDir, { recursive: true });
    const edit = (file, change) => {
      const path = join(gameDir, file);
      writeFileSync(path, change(readFileSync(path, 'utf8')));
    };
    const { child, port, output } = startServer(gameDir, mode);
    let ada, bob;
    try {
      ada = await MudClient.connect(await port);
      bob = await MudClient.connect(await port);
      for (const [client, name] of [[ada, 'ada'], [bob, 'bob']]) {
        await client.expect(/What is your name\?/);
        client.send(name);
        await client.expect(new RegExp(`^Hello ${name}\\.`));
      }
      ada.send('help');
      await ada.expect(/^ {2}look {3}describe the room/);
      bob.send('who');
      assert.is(await bob.expect(/^Online/), 'Online (2): ada, bob');
      bob.send('look');
      assert.is(await bob.expect(/Great Hall/), '== Great Hall ==');
      ada.send('say hi');
      assert.is(await bob.expect(/ada says/), 'ada says: "hi"');

      // A command file changes: both players are told, and the new `say` runs for both.
      edit('commands/say.js', (text) => text.replaceAll('says: "${args}"', 'exclaims: "${args}!"'));
      await ada.expect(/^\[server\] new code loaded: say\.js$/);
      await bob.expect(/^\[server\] new code loaded: say\.js$/);
      bob.send('say back');
      assert.is(await ada.expect(/bob /), 'bob exclaims: "back!"');

      // The base class two imports below `look`: the reloaded RoomObject extends the edited BaseObject.
      edit('objects/base-object.js', (text) => text.replace('`== ${this.data.title} ==`', '`~~ ${this.data.title} ~~`'));
      await ada.expect(/^\[server\] new code loaded: base-object\.js$/);
      await bob.expect(/^\[server\] new code loaded: base-object\.js$/);
      for (const client of [ada, bob]) {
        client.send('look');
        assert.is(await client.expect(/Great Hall/), '~~ Great Hall ~~');
      }

      // A broken edit: the error, with file and line, reaches both; the old `say` keeps serving.
      edit('commands/say.js', (text) => text.replace("export const summary = 'say something to everyone in the room';", "export const summary = 'say something' +;"));
      assert.match(await ada.expect(/reload failed/), /^\[server\] reload failed at say\.js:1: SyntaxError: .*; the previous code keeps running$/);
      await bob.expect(/reload failed at say\.js:1/);
      ada.send('say still there?');
      assert.is(await bob.expect(/ada /), 'ada exclaims: "still there?!"');
      assert.match(output(), /reload failed at say\.js:1: SyntaxError/, 'the server log reports it too');

      // A top-level throw is reported with its line as well.
      edit('commands/say.js', (text) => text.replace("'say something' +;", "'say something';\nthrow new Error('not today');"));
      assert.match(await bob.expect(/reload failed/), /at say\.js:2: Error: not today;/);

      // Fixed: reloads, and the players never disconnected.
      edit('commands/say.js', (text) => text.replace("\nthrow new Error('not today');", '').replaceAll('exclaims', 'sings'));
      await ada.expect(/^\[server\] new code loaded: say\.js$/);
      ada.send('say la la');
      assert.is(await bob.expect(/ada /), 'ada sings: "la la!"');
      bob.send('who');
      assert.is(await bob.expect(/^Online/), 'Online (2): ada, bob');
    } catch (error) {
      error.message += `\n--- server output\n${output()}\n--- ada\n${ada?.transcript.join('\n')}\n--- bob\n${bob?.transcript.join('\n')}`;
      throw error;
    } finally {
      ada?.close();
      bob?.close();
      // A server that already died (failed to start) would never emit 'exit' again: the folder must still go.
      const exited = child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const code = await exited;
      removeProject(gameDir);
      assert.ok(code === 0 || code === null, `server exit ${code}\n${output()}`);
    }
  });
}

test.run();
