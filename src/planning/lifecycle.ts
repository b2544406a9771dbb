import { randomUUID } from 'node:crypto';
import stringify from 'safe-stable-stringify';
import type { LifecycleState, Override, Plan, PlanBody } from '../../schemas/index.js';
import { solverVersion } from '../../solver/index.js';
import type { Caller } from '../caller.js';
import type { SolverPool } from '../plugins/solverPool.js';
import type { Storage } from '../plugins/storage.js';
import { problems } from '../problems.js';
import type { StoredPlan } from '../store/planStore.js';
import { requestedByOf, solvePlanning } from './planService.js';

/** The steps a plan takes before it counts: who may take each, and from which state. */
const steps = {
  approve: { from: 'proposed', to: 'approved', action: 'plan.approved' },
  rule: { from: 'approved', to: 'ruled', action: 'plan.ruled' },
} as const satisfies Record<string, { from: LifecycleState; to: LifecycleState; action: string }>;

/** proposed → approved → ruled, each step by a person with a note, audited in the same transaction. */
export function advancePlan(storage: Storage, stored: StoredPlan, step: keyof typeof steps, caller: Caller, note: string): StoredPlan {
  const { from, to, action } = steps[step];
  const id = stored.plan.id;
  return storage.transaction(() => {
    if (!storage.plans.transition(id, from, to, { by: caller, note })) {
      throw problems.conflict(`plan ${id} is ${storage.plans.get(id)!.plan.lifecycle.state}; only a ${from} plan can be ${to}`);
    }
    storage.audit.append({ action, subjectType: 'plan', subjectId: id, courtPath: stored.courtPath, actor: caller, detail: { note, version: stored.plan.lifecycle.version } });
    return storage.plans.get(id)!;
  });
}

/**
 * Overrides make the next version of a plan: re-checked against every hard rule in a worker (422
 * naming the override and the rule), stored as proposed with their author, the old version superseded.
 */
export async function overridePlan(storage: Storage, solverPool: SolverPool, stored: StoredPlan, overrides: Override[], caller: Caller): Promise<StoredPlan> {
  assertRevisable(stored);
  const started = performance.now();
  const outcome = await solverPool.revise({ ...inputOf(stored), plan: bodyOf(stored.plan), overrides });
  if (outcome.kind === 'rejected') throw problems.inconsistentRequest(outcome.errors);
  const plan: Omit<Plan, 'lifecycle'> = {
    id: `pl_${randomUUID()}`,
    ...outcome.plan,
    audit: { ...stored.plan.audit, requestedBy: requestedByOf(stored.request, caller), createdAt: new Date().toISOString(), durationMs: performance.now() - started },
  };
  return storage.transaction(() => {
    // Re-read inside the transaction: two overrides racing on one version must not both win.
    assertRevisable(storage.plans.get(stored.plan.id)!);
    const revised = storage.plans.save({ plan, request: stored.request, policy: stored.policy, options: stored.options, courtPath: stored.courtPath, revision: { previous: stored, overrides, by: caller } });
    storage.audit.append({
      action: 'plan.overridden',
      subjectType: 'plan',
      subjectId: plan.id,
      courtPath: stored.courtPath,
      actor: caller,
      detail: { previousVersionId: stored.plan.id, version: revised.plan.lifecycle.version, objective: plan.objective, overrides },
    });
    return revised;
  });
}

function assertRevisable(stored: StoredPlan): void {
  const { state } = stored.plan.lifecycle;
  if (state === 'ruled') throw problems.conflict(`plan ${stored.plan.id} is ruled: its assignments are final`);
  if (state === 'superseded') throw problems.conflict(`plan ${stored.plan.id} is superseded by a later version; override the latest one`);
}

export interface ReplayReport {
  planId: string;
  identical: boolean;
  inputHash: string;
  solverVersion: { stored: string; now: string };
  /** Where the replayed plan first differs from the stored one (up to 20 JSON paths). */
  differences: { path: string; stored: unknown; replayed: unknown }[];
  note: string;
}

/**
 * Solves a plan's lineage again from what was stored (request, resolved policy, seed, options),
 * re-applies each version's overrides, and compares the result with the stored plan, byte for byte,
 * on everything but its id and the time it was made.
 */
export async function replayPlan(storage: Storage, solverPool: SolverPool, stored: StoredPlan, caller: Caller): Promise<ReplayReport> {
  const lineage = storage.plans.lineage(stored.plan.lifecycle.lineageId).filter((version) => version.plan.lifecycle.version <= stored.plan.lifecycle.version);
  const first = lineage[0]!;
  const solved = await solvePlanning(
    { request: first.request, decidingCourtId: first.plan.decidingCourtId, policy: first.policy, options: first.options, courtPath: first.courtPath, requestedBy: first.plan.audit.requestedBy },
    solverPool,
  );
  let replayed: PlanBody = bodyOf(solved);
  for (const version of lineage.slice(1)) {
    const outcome = await solverPool.revise({ ...inputOf(version), plan: replayed, overrides: version.plan.lifecycle.overrides.map(({ caseId, courtId, mode, reason }) => ({ caseId, courtId, mode, reason })) });
    if (outcome.kind === 'rejected') throw problems.conflict(`replaying version ${version.plan.lifecycle.version}: its overrides no longer pass the hard rules`);
    replayed = outcome.plan;
  }
  const storedText = stringify(bodyOf(stored.plan));
  const replayedText = stringify(replayed);
  const identical = storedText === replayedText;
  const differences = identical ? [] : differencesOf(bodyOf(stored.plan), replayed, '$', 20);
  const sameSolver = stored.plan.audit.solverVersion === solverVersion;
  storage.audit.append({ action: 'plan.replayed', subjectType: 'plan', subjectId: stored.plan.id, courtPath: stored.courtPath, actor: caller, detail: { identical, differences: differences.length } });
  return {
    planId: stored.plan.id,
    identical,
    inputHash: stored.plan.audit.inputHash,
    solverVersion: { stored: stored.plan.audit.solverVersion, now: solverVersion },
    differences,
    note: identical
      ? 'the replay reproduced the stored plan exactly'
      : !sameSolver
        ? 'the solver has changed since the plan was made'
        : stored.plan.status === 'time_limit' || first.plan.status === 'time_limit'
          ? 'the stored solve stopped at its time limit, so how far it got depended on the machine’s speed; a replay reproduces it only when the same work fits in the same time'
          : 'the replay differs although solver, input and seed are the same: please report this plan id',
  };
}

function inputOf(stored: StoredPlan) {
  return { request: stored.request, policy: stored.policy, decidingCourtId: stored.plan.decidingCourtId, seed: stored.plan.audit.seed };
}

/** What the solver decided: the plan without its id, audit record and lifecycle. */
function bodyOf(plan: Omit<Plan, 'lifecycle'> | Plan): PlanBody {
  const { id: _id, audit: _audit, ...body } = plan as Plan;
  const { lifecycle: _lifecycle, ...decided } = body;
  return decided;
}

/** The first JSON paths at which two values differ. */
function differencesOf(stored: unknown, replayed: unknown, path: string, limit: number, found: ReplayReport['differences'] = []): ReplayReport['differences'] {
  if (found.length >= limit) return found;
  const bothObjects = typeof stored === 'object' && stored !== null && typeof replayed === 'object' && replayed !== null;
  if (!bothObjects || Array.isArray(stored) !== Array.isArray(replayed)) {
    if (stringify(stored) !== stringify(replayed)) found.push({ path, stored, replayed });
    return found;
  }
  const keys = new Set([...Object.keys(stored), ...Object.keys(replayed)]);
  for (const key of keys) {
    const childPath = Array.isArray(stored) ? `${path}[${key}]` : `${path}.${key}`;
    differencesOf((stored as Record<string, unknown>)[key], (replayed as Record<string, unknown>)[key], childPath, limit, found);
    if (found.length >= limit) break;
  }
  return found;
}
