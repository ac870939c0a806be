/**
 * `modspace/testing`: every test gets its own space, disposed after the test
 * whether it passed or failed, so no test sees another's instances or
 * overrides and results never depend on test order.
 */
import { ModuleSpace } from './space.js';
import type { ModuleSpaceOptions } from './options.js';

/** Options, or a function that makes them per test (e.g. fresh fakes each time). */
export type SpaceOptionsSource = ModuleSpaceOptions | (() => ModuleSpaceOptions);

function optionsFrom(source: SpaceOptionsSource): ModuleSpaceOptions {
  return typeof source === 'function' ? source() : source;
}

/**
 * Any runner: wraps a test function so it receives a new space, disposed when
 * the function settles. `test('x', withSpace(opts, async (space) => { ... }))`.
 */
export function withSpace<Args extends unknown[], R>(
  options: SpaceOptionsSource,
  fn: (space: ModuleSpace, ...args: Args) => R | Promise<R>,
): (...args: Args) => Promise<R> {
  return async (...args: Args) => {
    const space = new ModuleSpace(optionsFrom(options));
    try {
      return await fn(space, ...args);
    } finally {
      await space.dispose();
    }
  };
}

/** What `spaceFor` needs of a test context: node:test's `t.after()`. */
export interface TestContextLike {
  after(fn: () => unknown): unknown;
}

/**
 * node:test: `const space = spaceFor(t, opts)`, disposed by `t.after()`, which
 * runs even when the test fails. `opts` may be a function, called once here.
 */
export function spaceFor(t: TestContextLike, options: SpaceOptionsSource): ModuleSpace {
  const space = new ModuleSpace(optionsFrom(options));
  t.after(() => space.dispose());
  return space;
}

/** The part of a uvu suite `useSpace` hooks into. */
export interface UvuSuiteLike<Context> {
  before: { each(fn: (context: Context) => unknown): void };
  after: { each(fn: (context: Context) => unknown): void };
}

/**
 * uvu: `useSpace(suite, opts)` gives every test of the suite `context.space`,
 * new before each test and disposed after it (uvu runs `after.each` for
 * failed tests too).
 */
export function useSpace<Context extends { space?: ModuleSpace }>(suite: UvuSuiteLike<Context>, options: SpaceOptionsSource): void {
  suite.before.each((context) => {
    context.space = new ModuleSpace(optionsFrom(options));
  });
  suite.after.each(async (context) => {
    await context.space?.dispose();
  });
}
