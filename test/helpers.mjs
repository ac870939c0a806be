// Shared test helpers. Hook behaviour is checked in child processes: each
// scenario is a small ES module written next to its fixtures and run with the
// same Node binary as the suite, once per hook path this Node offers.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const root = fileURLToPath(new URL('..', import.meta.url));

/** A strict tsconfig.json (text) that type-checks `files` as a user of the package would, with this repository's @types. */
export function userTsconfig(files, extra = {}) {
  return JSON.stringify({
    compilerOptions: {
      strict: true,
      noEmit: true,
      target: 'ES2022',
      module: 'NodeNext',
      moduleResolution: 'NodeNext',
      types: ['node'],
      typeRoots: [join(root, 'node_modules', '@types')],
      ...extra,
    },
    files,
  });
}
export const fixtures = join(root, 'test', 'fixtures');
/** The package's public entry, as a URL a scenario anywhere on disk can import. */
export const modspaceURL = pathToFileURL(join(root, 'dist', 'src', 'index.js')).href;
export const registerURL = pathToFileURL(join(root, 'dist', 'src', 'register.js')).href;

const [major, minor] = process.versions.node.split('.').map(Number);
/** Whether this Node has module.registerHooks() (22.15+, 23.5+). */
export const hasRegisterHooks = major > 23 || (major === 23 && minor >= 5) || (major === 22 && minor >= 15);
/** Node 26 deprecates module.register() (DEP0205). */
export const deprecatesRegister = major >= 26;

/** The hook paths to exercise on this Node: both where both exist. */
export const hookModes = hasRegisterHooks ? ['in-thread', 'off-thread'] : ['off-thread'];

/**
 * Writes `files` (path → source) into a new temporary folder and returns its
 * path. `{{modspace}}` in a source is replaced by the package URL.
 */
export function makeProject(files, prefix = 'modspace-test-') {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, source] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, source.replaceAll('{{modspace}}', modspaceURL).replaceAll('{{register}}', registerURL));
  }
  return dir;
}

export function removeProject(dir) {
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Runs `entry` (a path) in a child Node with the given hook mode. Returns
 * { status, stdout, stderr, json } where json is the last stdout line parsed
 * as JSON when it is JSON.
 */
export function runNode(entry, { mode, execArgv = [], env = {}, cwd, timeout = 60_000 } = {}) {
  const args = [...execArgv];
  // Forcing the off-thread path on Node 26 is a test choice, not the default; keep its warning out of stderr.
  if (mode === 'off-thread' && deprecatesRegister) args.unshift('--no-deprecation');
  const result = spawnSync(process.execPath, [...args, entry], {
    cwd: cwd ?? dirname(entry),
    env: { ...process.env, MODSPACE_HOOKS: mode ?? '', ...env },
    encoding: 'utf8',
    timeout,
  });
  const lines = result.stdout.trim().split('\n');
  let json;
  try {
    json = JSON.parse(lines.at(-1));
  } catch {
    json = undefined;
  }
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, json };
}

/** Runs a scenario and fails with its output unless it exited 0 with JSON on its last line. */
export function runScenario(entry, options) {
  const result = runNode(entry, options);
  if (result.status !== 0 || result.json === undefined) {
    throw new Error(`scenario ${entry} (${options?.mode}) exited ${result.status} ${result.signal ?? ''}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`);
  }
  return result.json;
}

/**
 * Writes a scenario module into `project` (it imports the public API and
 * fills `out`, printed as JSON at the end) and runs it.
 */
export function runInProject(project, name, body, options) {
  const file = join(project, `scenario-${name}.mjs`);
  writeFileSync(
    file,
    `import { ModuleSpace, ErrorCodes, source, redirect, virtual, partial, live } from ${JSON.stringify(modspaceURL)};\nconst out = {};\n${body}\nconsole.log(JSON.stringify(out));\n`,
  );
  return runScenario(file, options);
}

/**
 * Starts test/fixtures/remote-server.mjs over `folder` in a child process (the
 * code under test blocks its own thread while it fetches, so the server cannot
 * share it) and resolves once it has printed its ports: two origins, and
 * `rawOrigin`, a TCP server that answers garbage on reused keep-alive connections.
 */
export async function startRemoteServer(folder) {
  const { spawn } = await import('node:child_process');
  const { once } = await import('node:events');
  const child = spawn(process.execPath, [join(fixtures, 'remote-server.mjs'), folder], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  for await (const chunk of child.stdout) {
    output += chunk;
    if (output.includes('\n')) break;
  }
  const { a, b, raw } = JSON.parse(output);
  return {
    origin: `http://127.0.0.1:${a}`,
    otherOrigin: `http://127.0.0.1:${b}`,
    rawOrigin: `http://127.0.0.1:${raw}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill();
      await once(child, 'exit');
    },
  };
}
