/** `modspace explain <specifier> --from <file>`: how the space decides one import, without importing it. */
import { has, flag, type ParsedArgs } from './args.js';
import { filePath } from './config.js';
import { writeOut } from './load.js';
import { makeSpace, resolveSpaceOptions } from './space.js';
import { UsageError } from './usage-error.js';

export async function explainCommand(args: ParsedArgs, cwd: string): Promise<number> {
  const [specifier, extra] = args.positionals;
  if (specifier === undefined) throw new UsageError('modspace explain needs the specifier to explain', 'explain');
  if (extra !== undefined) throw new UsageError(`modspace explain takes one specifier, got ${args.positionals.length}`, 'explain');
  const fromArg = flag(args, 'from');
  const from = fromArg === undefined ? undefined : filePath(fromArg, cwd);
  const space = await makeSpace(await resolveSpaceOptions(args, from, cwd), 'explain');
  const decision = space.explain(specifier, from);
  if (has(args, 'json')) await writeOut(JSON.stringify(decision, null, 2) + '\n');
  else {
    const lines = [`${JSON.stringify(decision.specifier)} from ${decision.importer} in space ${decision.space}`, `  rule:   ${decision.rule}${decision.detail === undefined ? '' : ` (${decision.detail})`}`];
    if (decision.url !== null) lines.push(`  url:    ${decision.url}`);
    if (decision.error) lines.push(`  error:  ${decision.error.code ?? 'Error'}: ${decision.error.message}`);
    await writeOut(lines.join('\n') + '\n');
  }
  // A failing import (denied, not found) is exit code 1, so scripts can test it.
  return decision.error ? 1 : 0;
}
