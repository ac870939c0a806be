export const summary = 'list the commands';

export function run({ player, commands }) {
  const lines = Object.entries(commands).map(([name, command]) => `  ${name.padEnd(6)} ${command.summary}`);
  player.tell(`Commands:\n${lines.join('\n')}\n  quit   leave`);
}
