// Every game object's base class. RoomObject (room.js) extends it, and look.js
// uses RoomObject: edit this file and `look` changes, two imports away.
export class BaseObject {
  constructor(data) {
    this.data = data;
  }

  title() {
    return `== ${this.data.title} ==`;
  }

  describe() {
    return `${this.title()}\n${this.data.description}`;
  }
}
