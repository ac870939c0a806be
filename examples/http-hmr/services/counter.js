// A service the routes import. It does not accept updates itself: an edit
// here renews it and the routes that import it (they accept). Its state is
// kept in import.meta.hot.data, the same object in every instance.
const state = import.meta.hot?.data ?? {};
state.visits ??= 0;

export const hit = () => ++state.visits;
export const hits = () => state.visits;

// A timer this instance owns; dispose clears it before the next instance starts its own.
const timer = setInterval(() => {
  state.lastTick = Date.now();
}, 1000);

import.meta.hot?.dispose(() => clearInterval(timer));
