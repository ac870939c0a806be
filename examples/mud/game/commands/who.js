export const summary = 'list the players online';

export function run({ player, world }) {
  const names = [...world.players.values()].map((p) => p.name).sort();
  player.tell(`Online (${names.length}): ${names.join(', ')}`);
}
