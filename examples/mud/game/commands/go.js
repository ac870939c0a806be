export const summary = 'walk through an exit: go north';

export function run({ player, world, args, broadcast }) {
  const next = world.rooms[player.room].exits[args];
  if (!next) return player.tell(`You can't go "${args}" from here.`);
  broadcast(`${player.name} goes ${args}.`);
  player.room = next;
  player.tell(`You go ${args}.`);
}
