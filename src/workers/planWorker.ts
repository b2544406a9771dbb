/**
 * Runs in a solver worker thread: one plan per task. The stop flag is shared memory the service
 * sets on its own deadline or a cancel; the solver polls it and returns its best plan so far.
 */
import { planCourts, type PlanningInput, type PlanningOutcome } from '../../solver/index.js';

/** What a worker needs: the planning input minus what cannot cross threads (the clock, the stop check). */
export type PlanTask = Omit<PlanningInput, 'clock' | 'shouldStop'> & {
  /** Int32 flag: 1 asks the solve to stop with its best plan. */
  stopFlag: SharedArrayBuffer;
};

export default function plan(task: PlanTask): PlanningOutcome {
  const stop = new Int32Array(task.stopFlag);
  return planCourts({ ...task, clock: () => performance.now(), shouldStop: () => Atomics.load(stop, 0) === 1 });
}
