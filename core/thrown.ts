/**
 * A value some user code threw (a mapper's error), as plain data that
 * survives structured cloning between threads, and back. Structured cloning
 * keeps an Error's message and stack but drops its `name` (unless built in),
 * its `code` and its other own properties: those are what users match on.
 */

/** What is kept of a thrown Error: enough for `cause.name`, `.message`, `.code`, `.stack` and its own data to look like the original. */
export interface ThrownError {
  kind: 'error';
  name: string;
  message: string;
  stack: string | undefined;
  /** Own properties other than name, message and stack (`code`, `errno`, a custom `detail`), those that can be cloned. */
  data: Record<string, unknown>;
  cause?: Thrown;
}

/** A thrown value that is not an Error: itself if it can be cloned, else its text. */
export type Thrown = ThrownError | { kind: 'value'; value: unknown } | { kind: 'text'; text: string };

/** Causes of causes are followed this far (a chain can be a cycle). */
const MAX_DEPTH = 8;
const SKIPPED = new Set(['name', 'message', 'stack', 'cause']);

export function recordThrown(value: unknown, depth = 0): Thrown {
  if (!(value instanceof Error)) return cloneable(value) ? { kind: 'value', value } : { kind: 'text', text: safeText(value) };
  // No prototype: an own `__proto__` property is data like any other.
  const data = Object.create(null) as Record<string, unknown>;
  for (const key of Object.getOwnPropertyNames(value)) {
    if (SKIPPED.has(key)) continue;
    const item = read(value, key);
    if (item.ok && cloneable(item.value)) data[key] = item.value;
  }
  // A `code` defined on a prototype (some libraries' error classes) is still the error's code.
  const code = read(value, 'code');
  if (!('code' in data) && code.ok && code.value !== undefined && cloneable(code.value)) data.code = code.value;
  const name = read(value, 'name');
  const stack = read(value, 'stack');
  const record: ThrownError = {
    kind: 'error',
    name: name.ok ? safeText(name.value) : 'Error',
    message: safeText(value.message),
    stack: stack.ok && typeof stack.value === 'string' ? stack.value : undefined,
    data,
  };
  const cause = Object.hasOwn(value, 'cause') ? read(value, 'cause') : undefined;
  if (cause?.ok && depth < MAX_DEPTH) record.cause = recordThrown(cause.value, depth + 1);
  return record;
}

/**
 * The value again: an Error with the original's name, message, stack and own
 * data as own properties, so that Node's own error serialization (off-thread
 * hooks → main thread) carries them on as well.
 */
export function reviveThrown(record: Thrown): unknown {
  if (record.kind === 'value') return record.value;
  if (record.kind === 'text') return record.text;
  const error = record.cause === undefined ? new Error(record.message) : new Error(record.message, { cause: reviveThrown(record.cause) });
  Object.defineProperty(error, 'name', { value: record.name, writable: true, configurable: true, enumerable: false });
  if (record.stack !== undefined) Object.defineProperty(error, 'stack', { value: record.stack, writable: true, configurable: true, enumerable: false });
  for (const [key, value] of Object.entries(record.data)) {
    Object.defineProperty(error, key, { value, writable: true, configurable: true, enumerable: true });
  }
  return error;
}

function read(object: object, key: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: (object as Record<string, unknown>)[key] };
  } catch {
    return { ok: false };
  }
}

function cloneable(value: unknown): boolean {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) return true;
  try {
    structuredClone(value);
    return true;
  } catch {
    return false;
  }
}

function safeText(value: unknown): string {
  try {
    return String(value);
  } catch {
    return Object.prototype.toString.call(value);
  }
}
