// The host API every plugin gets: one event bus. The host shares this module
// into each plugin space, so every plugin holds the host's own instance.
export class EventBus {
  #handlers = new Map();
  on(type, handler) {
    const list = this.#handlers.get(type) ?? [];
    this.#handlers.set(type, [...list, handler]);
  }
  emit(type, payload) {
    return (this.#handlers.get(type) ?? []).map((handler) => handler(payload));
  }
}

export const bus = new EventBus();
