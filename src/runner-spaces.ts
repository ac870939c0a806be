/**
 * Which spaces of this thread the runner engine evaluates. A module URL with
 * the token of any other space is Node's to evaluate (a native parent's
 * shared module, say). Kept apart from the runner so native spaces never load it.
 */
const runnerSpaces = new Set<number>();

export function markRunnerSpace(id: number, runner: boolean): void {
  if (runner) runnerSpaces.add(id);
  else runnerSpaces.delete(id);
}

export function isRunnerSpace(id: number): boolean {
  return runnerSpaces.has(id);
}
