globalThis.mRuns = (globalThis.mRuns ?? 0) + 1;
export const m = 1;
