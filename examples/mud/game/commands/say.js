export const summary = 'say something to everyone in the room';

export function run({ player, world, args, broadcast }) {
  if (!args) return player.tell('Say what?');
  player.tell(`You say: "${args}"`);
  for (const other of world.players.values()) {
    if (other !== player && other.room === player.room) other.tell(`${player.name} says: "${args}"`);
  }
}
