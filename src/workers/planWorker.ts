/**
 * Runs in a solver worker thread. The stop flag is shared memory the service sets on its own
 * deadline or a cancel; the solver polls it and returns its best plan so far. Progress goes the
 * other way through a shared buffer the service polls.
 */
import type { PlanBody } from '../../schemas/index.js';
import type { Case } from '../../schemas/index.js';
import { fitCase, planCourts, reviseWithOverrides, type FitOutcome, type PlanningInput, type PlanningOutcome, type PlanOverride, type RevisionOutcome } from '../../solver/index.js';
import { compileReusing } from './compiledRequests.js';
import { writeProgress } from './progressChannel.js';
import { scanPartnerFor, startScanPartner } from './scanPartner.js';

// Loaded while the thread is idle, not when the first national solve needs it.
void startScanPartner();

/** What a worker needs: the planning input minus what cannot cross threads (the clock, the callbacks). */
export type PlanTask = Omit<PlanningInput, 'clock' | 'shouldStop' | 'onProgress' | 'scanPartner'> & {
  /** Int32 flag: 1 asks the solve to stop with its best plan. */
  stopFlag: SharedArrayBuffer;
  /** Where progress is written (progressChannel.ts); absent when nobody watches. */
  progressBuffer?: SharedArrayBuffer;
};

export type ReviseTask = Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId' | 'seed'> & { plan: PlanBody; overrides: PlanOverride[] };

export default function plan(task: PlanTask): PlanningOutcome {
  const stop = new Int32Array(task.stopFlag);
  const { progressBuffer } = task;
  return planCourts(
    {
      ...task,
      clock: () => performance.now(),
      shouldStop: () => Atomics.load(stop, 0) === 1,
      scanPartner: scanPartnerFor,
      ...(progressBuffer ? { onProgress: (progress) => writeProgress(progressBuffer, progress) } : {}),
    },
    compileReusing,
  );
}

export function revise(task: ReviseTask): RevisionOutcome {
  return reviseWithOverrides(task, task.plan, task.overrides);
}

export type FitTask = Pick<PlanningInput, 'request' | 'policy' | 'decidingCourtId'> & { plan: PlanBody; newCase: Case };

export function fit(task: FitTask): FitOutcome {
  return fitCase(task, task.plan, task.newCase);
}
