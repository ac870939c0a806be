// The API a host hands to its plugins. Shared, it is one instance for all of
// them, so `instanceof` agrees on both sides of the boundary.
export class Message {
  constructor(text) {
    this.text = text;
  }
}
