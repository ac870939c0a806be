import { RoomObject } from '../objects/room.js';

export const summary = 'describe the room you are in';

export function run({ player, world }) {
  const others = [...world.players.values()].filter((p) => p !== player && p.room === player.room).map((p) => p.name);
  player.tell(new RoomObject(world.rooms[player.room]).describe(others));
}
