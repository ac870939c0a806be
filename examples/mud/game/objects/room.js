import { BaseObject } from './base-object.js';

export class RoomObject extends BaseObject {
  describe(others) {
    const exits = Object.keys(this.data.exits).join(', ') || 'none';
    const company = others.length ? `Also here: ${others.join(', ')}.` : 'You are alone.';
    return `${super.describe()}\nExits: ${exits}.\n${company}`;
  }
}
