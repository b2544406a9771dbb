import type { PlanningProgress } from '../../solver/index.js';

/**
 * A solve's progress in shared memory: the worker writes, the service polls. A sequence number
 * guards the fields (odd while a write is under way), so a reader never sees half an update.
 *
 * Layout: Int32 [0] sequence; Float64 [1] phase code, [2] objective, [3] lower bound, [4] gap.
 */
const phases: readonly PlanningProgress['phase'][] = ['compiling', 'exact', 'greedy', 'lagrangian', 'local_search'];
const bytes = 8 * 5;

export function newProgressBuffer(): SharedArrayBuffer {
  return new SharedArrayBuffer(bytes);
}

export function writeProgress(buffer: SharedArrayBuffer, progress: PlanningProgress): void {
  const sequence = new Int32Array(buffer, 0, 1);
  const fields = new Float64Array(buffer, 8, 4);
  Atomics.add(sequence, 0, 1);
  fields[0] = phases.indexOf(progress.phase);
  fields[1] = progress.objective;
  fields[2] = progress.lowerBound;
  fields[3] = progress.gap;
  Atomics.add(sequence, 0, 1);
}

/** The last complete update and its sequence number; null before the first, or while one is being written. */
export function readProgress(buffer: SharedArrayBuffer): { sequence: number; progress: PlanningProgress } | null {
  const sequence = new Int32Array(buffer, 0, 1);
  const fields = new Float64Array(buffer, 8, 4);
  const before = Atomics.load(sequence, 0);
  if (before === 0 || before % 2 === 1) return null;
  const progress: PlanningProgress = { phase: phases[fields[0]!] ?? 'compiling', objective: fields[1]!, lowerBound: fields[2]!, gap: fields[3]! };
  return Atomics.load(sequence, 0) === before ? { sequence: before, progress } : null;
}
