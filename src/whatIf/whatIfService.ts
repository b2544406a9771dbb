import { randomUUID } from 'node:crypto';
import type { DatasetRequest, Patch, PlanRequest, Policy, ScenarioRequest, SolveOptions } from '../../schemas/index.js';
import { findConsistencyErrors } from '../../solver/index.js';
import type { Caller } from '../caller.js';
import { courtPathOf, decidingCourtFor } from '../planning/jurisdiction.js';
import type { Storage } from '../plugins/storage.js';
import { problems } from '../problems.js';
import type { DatasetSummary } from '../store/datasetStore.js';
import type { StoredPlan } from '../store/planStore.js';
import { applyPatch, mergePolicy, type PlanningData } from './patch.js';

/** Stores a dataset after the same jurisdiction (403) and consistency (422) checks as a plan request: validated once. */
export function createDataset(storage: Storage, body: DatasetRequest, caller: Caller): DatasetSummary {
  const request: PlanRequest = { ...(body.decidingCourtId ? { decidingCourtId: body.decidingCourtId } : {}), courts: body.courts, cases: body.cases, conflicts: body.conflicts ?? [] };
  const decidingCourtId = decidingCourtFor(request, caller);
  const errors = findConsistencyErrors(request, decidingCourtId);
  if (errors.length > 0) throw problems.inconsistentRequest(errors);
  const id = `ds_${randomUUID()}`;
  const courtPath = courtPathOf(body.courts, decidingCourtId);
  return storage.transaction(() => {
    const summary = storage.datasets.save({ id, name: body.name ?? '', decidingCourtId, courtPath, createdBy: caller, body: { courts: body.courts, cases: body.cases, conflicts: body.conflicts ?? [] } });
    storage.audit.append({ action: 'dataset.created', subjectType: 'dataset', subjectId: id, courtPath, actor: caller, detail: { name: summary.name, courts: summary.courts, cases: summary.cases } });
    return summary;
  });
}

/** A visible dataset's summary and body, or 404. */
export function findDataset(storage: Storage, id: string, caller: Caller): { summary: DatasetSummary; data: PlanningData } {
  const summary = storage.datasets.visibleSummary(id, caller);
  if (!summary) throw problems.notFound(`dataset ${id}`);
  return { summary, data: storage.datasets.body(id)! };
}

/** Patch errors name their path under `patch` and are 422: the patch is well formed but names what the data lacks. */
function patched(data: PlanningData, patch: Patch | undefined): PlanningData {
  const { data: changed, errors } = applyPatch(data, patch);
  if (errors.length > 0) throw problems.inconsistentRequest(errors);
  return changed;
}

/**
 * A reference plan for re-planning: each of its assignments is kept unless moving it gains more
 * than changePenalty; a ruled plan's assignments are pins and never move. Cases or courts the
 * patch removed are left out of both.
 */
function againstReference(data: PlanningData, reference: StoredPlan | undefined): Pick<PlanRequest, 'cases' | 'reference'> {
  if (!reference) return { cases: data.cases };
  const courtIds = new Set(data.courts.map((court) => court.id));
  const assignments = reference.plan.assignments.filter((assignment) => courtIds.has(assignment.courtId));
  const placed = new Map(assignments.map((assignment) => [assignment.caseId, assignment]));
  const caseIds = new Set(data.cases.map((courtCase) => courtCase.id));
  const ruled = reference.plan.lifecycle.state === 'ruled';
  const cases = data.cases.map((courtCase) => {
    const assignment = placed.get(courtCase.id);
    return ruled && assignment && !courtCase.pinned ? { ...courtCase, pinned: { courtId: assignment.courtId, mode: assignment.mode } } : courtCase;
  });
  return {
    cases,
    reference: { assignments: assignments.filter((assignment) => caseIds.has(assignment.caseId)).map(({ caseId, courtId, mode }) => ({ caseId, courtId, mode })) },
  };
}

/** What scenarios on one dataset share: the dataset (read once) and, when asked, the reference plan. */
export interface ScenarioBase {
  dataset: DatasetSummary;
  data: PlanningData;
  reference: StoredPlan | undefined;
}

/** Reads a scenario's dataset and reference plan, each a 404 when the caller may not see it. */
export function findScenarioBase(storage: Storage, body: Pick<ScenarioRequest, 'datasetId' | 'referencePlanId'>, caller: Caller): ScenarioBase {
  const { summary, data } = findDataset(storage, body.datasetId, caller);
  const reference = body.referencePlanId === undefined ? undefined : storage.plans.getVisible(body.referencePlanId, caller);
  if (body.referencePlanId !== undefined && !reference) throw problems.notFound(`plan ${body.referencePlanId}`);
  return { dataset: summary, data, reference };
}

/** A scenario's plan request: the dataset, patched, with the merged policy and, when asked, a reference plan. */
export function scenarioRequest(base: ScenarioBase, body: ScenarioRequest): PlanRequest {
  const changed = patched(base.data, body.patch);
  const policy = mergePolicy(body.policy, body.patch?.policy);
  return {
    decidingCourtId: base.dataset.decidingCourtId,
    courts: changed.courts,
    conflicts: changed.conflicts,
    ...againstReference(changed, base.reference),
    ...(policy ? { policy } : {}),
    ...(body.options ? { options: body.options } : {}),
  };
}

/** Re-planning a stored plan: its request, patched, against itself as the reference. */
export function replanRequest(stored: StoredPlan, patch: Patch | undefined, options: SolveOptions | undefined): PlanRequest {
  const base = stored.request;
  const changed = patched({ courts: base.courts, cases: base.cases, conflicts: base.conflicts ?? [] }, patch);
  // The stored policy is resolved (asOf fixed): re-planning keeps its dates and weights unless the patch changes them.
  const policy: Policy | undefined = mergePolicy(stored.policy as Policy, patch?.policy);
  return {
    decidingCourtId: stored.plan.decidingCourtId,
    courts: changed.courts,
    conflicts: changed.conflicts,
    ...againstReference(changed, stored),
    ...(policy ? { policy } : {}),
    options: { ...stored.options, ...options },
  };
}
