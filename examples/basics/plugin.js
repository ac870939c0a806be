// A plugin builds values with the host's classes.
import { Message } from './host-api.js';

export function greet(name) {
  return new Message(`hello, ${name}`);
}
