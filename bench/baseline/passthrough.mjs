// The floor: a trivial resolve/load hook pair that only calls the next hook.
// Registered the way modspace registers its own on this Node:
// module.registerHooks() (in-thread) where it exists, module.register()
// (off-thread) elsewhere; MODSPACE_HOOKS=in-thread|off-thread forces one, as
// it does for modspace, so both can be compared on the same path.
import * as nodeModule from 'node:module';

/** Off-thread hooks (this file is also the module register() loads on the hooks thread). */
export async function resolve(specifier, context, nextResolve) {
  return nextResolve(specifier, context);
}
export async function load(url, context, nextLoad) {
  return nextLoad(url, context);
}

export function hookMode() {
  const forced = process.env.MODSPACE_HOOKS;
  if (forced === 'in-thread' || forced === 'off-thread') return forced;
  return typeof nodeModule.registerHooks === 'function' ? 'in-thread' : 'off-thread';
}

export function registerPassthrough() {
  const mode = hookMode();
  if (mode === 'in-thread') {
    nodeModule.registerHooks({
      resolve: (specifier, context, nextResolve) => nextResolve(specifier, context),
      load: (url, context, nextLoad) => nextLoad(url, context),
    });
  } else {
    nodeModule.register(import.meta.url);
  }
  return mode;
}
