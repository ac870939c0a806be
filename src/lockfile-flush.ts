/**
 * When the lockfile pins made by the hooks are written, seen from the API:
 * once per `space.import()` (when it settles) and at exit. The hooks write
 * by themselves too when a batch they cannot see the end of goes quiet
 * (core/remote/lockfile.ts); these two points make the common cases exact:
 * after `await space.import()` the lockfile on disk has its pins, and a
 * process exiting right after an import loses none. Off-thread the pins live
 * in the hooks thread, which gets no 'exit' event, so the main thread asks.
 */
import { writeSync } from 'node:fs';
import type { HookChannel } from '../hooks/install.js';
import type { FlushReply } from '../core/state.js';
import { flushLockfiles } from '../core/remote/lockfile.js';
import { ErrorCodes, ModspaceError } from '../core/errors.js';
import type { SpaceConfig } from './options.js';

/** Whether the space's imports may add pins. */
export function writesLockfile(config: SpaceConfig): boolean {
  return config.remote?.lockfile != null && config.remote.writeLock;
}

/** Writes what is pending; throws ERR_MODSPACE_LOCKFILE (naming the space) when it cannot. */
export function flushPins(channel: HookChannel, space: string): void {
  const reply = flushEverywhere(channel);
  if (reply) throw new ModspaceError(ErrorCodes.LOCKFILE, reply.failed, { space });
}

/**
 * The hooks' pins, and off-thread this thread's own too: the main thread
 * pins when it resolves a space's remote keys (overrides, share) itself.
 */
function flushEverywhere(channel: HookChannel): FlushReply | undefined {
  const hooks = channel.apply({ op: 'flush' }) as FlushReply | undefined;
  const own = channel.mode === 'off-thread' ? flushLockfiles() : undefined;
  return hooks ?? (own === undefined ? undefined : { failed: own });
}

const armed = new WeakSet<HookChannel>();

/** Once per channel: the pins still pending when the thread exits are written then. */
export function flushAtExit(channel: HookChannel): void {
  if (armed.has(channel)) return;
  armed.add(channel);
  process.once('exit', () => {
    let reply: FlushReply | undefined;
    try {
      reply = flushEverywhere(channel);
    } catch (error) {
      reply = { failed: (error as Error).message };
    }
    // Nobody left to throw to.
    if (reply) writeSync(2, `modspace: lockfile pins were not saved: ${reply.failed}\n`);
  });
}
