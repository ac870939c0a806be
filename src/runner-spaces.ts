/**
 * The spaces of this thread the runner engine evaluates, each with the
 * function that imports one of its modules (by URL, with its token) through
 * its own runner: a child runner space sharing a module gets the parent's
 * instance. A module URL with the token of any other space is Node's to
 * evaluate. Kept apart from the runner so native spaces never load it.
 */
export type RunnerImport = (url: string, attributes: Record<string, string>) => Promise<object>;

const runnerSpaces = new Map<number, RunnerImport>();

export function markRunnerSpace(id: number, importer: RunnerImport | undefined): void {
  if (importer) runnerSpaces.set(id, importer);
  else runnerSpaces.delete(id);
}

export function isRunnerSpace(id: number): boolean {
  return runnerSpaces.has(id);
}

/** How a module of space `id` is imported from another space: its runner, or undefined for Node. */
export function runnerOf(id: number): RunnerImport | undefined {
  return runnerSpaces.get(id);
}
