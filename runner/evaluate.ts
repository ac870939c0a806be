// The spec's module evaluation (Evaluate, InnerModuleEvaluation and the async
// module execution steps), followed closely so that post-order, cycles,
// top-level await ordering and cached errors match native ES modules.
import { capability, depsOf, type ModuleRecord, type SourceRecord } from './records.js';

export interface Executor {
  /** Runs a module without top-level await to completion (throws its error). */
  execute(record: SourceRecord): void;
  /** Starts a module with top-level await; settles when its body has. */
  executeAsync(record: SourceRecord): Promise<void>;
}

export class Evaluator {
  private asyncEvaluationCounter = 0;
  constructor(private readonly executor: Executor) {}

  evaluate(start: SourceRecord): Promise<void> {
    let module = start;
    if ((module.status === 'evaluating-async' || module.status === 'evaluated') && module.cycleRoot) {
      module = module.cycleRoot;
    }
    if (module.topLevelCapability) return module.topLevelCapability.promise;
    const stack: SourceRecord[] = [];
    const cap = capability();
    module.topLevelCapability = cap;
    try {
      this.inner(module, stack, 0);
      if (module.asyncEvaluationOrder === undefined || module.asyncEvaluationOrder === 'done') cap.resolve();
    } catch (error) {
      for (const m of stack) {
        m.status = 'evaluated';
        m.evaluationError = { error };
      }
      cap.reject(error);
    }
    return cap.promise;
  }

  private inner(record: ModuleRecord, stack: SourceRecord[], index: number): number {
    if (record.kind === 'native') return index;
    const module = record;
    if (module.status === 'evaluating-async' || module.status === 'evaluated') {
      if (module.evaluationError) throw module.evaluationError.error;
      return index;
    }
    if (module.status === 'evaluating') return index;
    module.status = 'evaluating';
    module.dfsIndex = index;
    module.dfsAncestorIndex = index;
    module.pendingAsyncDependencies = 0;
    index++;
    stack.push(module);
    for (const dep of depsOf(module)) {
      index = this.inner(dep, stack, index);
      if (dep.kind === 'native') continue;
      let required = dep;
      if (required.status === 'evaluating') {
        module.dfsAncestorIndex = Math.min(module.dfsAncestorIndex, required.dfsAncestorIndex);
      } else {
        required = required.cycleRoot ?? required;
        if (required.evaluationError) throw required.evaluationError.error;
      }
      if (typeof required.asyncEvaluationOrder === 'number') {
        module.pendingAsyncDependencies++;
        required.asyncParentModules.push(module);
      }
    }
    if (module.pendingAsyncDependencies > 0 || module.transform.topLevelAwait) {
      module.asyncEvaluationOrder = ++this.asyncEvaluationCounter;
      if (module.pendingAsyncDependencies === 0) this.executeAsyncModule(module);
    } else {
      this.executor.execute(module);
    }
    if (module.dfsAncestorIndex === module.dfsIndex) {
      for (;;) {
        const m = stack.pop() as SourceRecord;
        m.status = typeof m.asyncEvaluationOrder === 'number' ? 'evaluating-async' : 'evaluated';
        m.cycleRoot = module;
        if (m === module) break;
      }
    }
    return index;
  }

  private executeAsyncModule(module: SourceRecord): void {
    this.executor.executeAsync(module).then(
      () => this.fulfilled(module),
      (error: unknown) => this.rejected(module, error),
    );
  }

  private gatherAvailableAncestors(module: SourceRecord, execList: SourceRecord[]): void {
    for (const m of module.asyncParentModules) {
      if (execList.includes(m) || (m.cycleRoot ?? m).evaluationError) continue;
      m.pendingAsyncDependencies--;
      if (m.pendingAsyncDependencies === 0) {
        execList.push(m);
        if (!m.transform.topLevelAwait) this.gatherAvailableAncestors(m, execList);
      }
    }
  }

  private fulfilled(module: SourceRecord): void {
    if (module.status === 'evaluated') return; // already failed through another path
    module.asyncEvaluationOrder = 'done';
    module.status = 'evaluated';
    module.topLevelCapability?.resolve();
    const execList: SourceRecord[] = [];
    this.gatherAvailableAncestors(module, execList);
    execList.sort((a, b) => (a.asyncEvaluationOrder as number) - (b.asyncEvaluationOrder as number));
    for (const m of execList) {
      if (m.status === 'evaluated') continue;
      if (m.transform.topLevelAwait) {
        this.executeAsyncModule(m);
        continue;
      }
      try {
        this.executor.execute(m);
      } catch (error) {
        this.rejected(m, error);
        continue;
      }
      m.asyncEvaluationOrder = 'done';
      m.status = 'evaluated';
      m.topLevelCapability?.resolve();
    }
  }

  private rejected(module: SourceRecord, error: unknown): void {
    if (module.status === 'evaluated') return;
    module.evaluationError = { error };
    module.status = 'evaluated';
    if (module.asyncEvaluationOrder !== undefined) module.asyncEvaluationOrder = 'done';
    for (const m of module.asyncParentModules) this.rejected(m, error);
    module.topLevelCapability?.reject(error);
  }
}
