import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCourtInstance } from '../../benchmarks/courtInstances.js';
import { courtInstance } from '../../benchmarks/instances.js';
import { resolvePolicy, type PlanRequest } from '../../schemas/index.js';
import { arcsByBin, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { solveAssignmentModel } from '../../solver/core/coreSolve.js';
import { modelFromCourtInstance } from '../../solver/core/fromCourtInstance.js';
import { compileRequest, planCourts, withCapacities, type PlanningInput } from '../../solver/index.js';
import { genericModel } from '../support/genericModels.js';
import { compileReusing } from '../../src/workers/compiledRequests.js';
import { checkPlan } from '../support/independentChecker.js';
import { randomFrom, tinyRequest } from '../support/tinyRequests.js';

const seeded = (name: string, numRuns = 60) => ({ seed: Math.floor(randomFrom(name)() * 2 ** 31), numRuns });

function planningInput(request: PlanRequest, extra: Partial<PlanningInput> = {}): PlanningInput {
  const decidingCourtId = request.decidingCourtId!;
  const level = request.courts.find((court) => court.id === decidingCourtId)!.level;
  const policy = resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: level });
  return { request, policy, decidingCourtId, seed: '0', timeLimitMs: 20_000, gapTolerance: 1e-6, clock: () => performance.now(), ...extra };
}

const withCapacity = (request: PlanRequest, courtIndex: number, capacity: number): PlanRequest => ({
  ...request,
  courts: request.courts.map((court, index) => (index === courtIndex ? { ...court, capacity } : court)),
});

describe('re-using a compile across a capacity change', () => {
  it('gives exactly the instance a fresh compile gives, or null when a raised capacity would admit a dropped arc', () => {
    const change = fc.record({ seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }), cases: fc.integer({ min: 1, max: 10 }), court: fc.nat(), capacity: fc.integer({ min: 0, max: 6 }) });
    let rebuilt = 0;
    fc.assert(
      fc.property(change, ({ seed, cases, court, capacity }) => {
        const request = tinyRequest(randomFrom(`recompile-${seed}`), cases);
        const courtIndex = court % request.courts.length;
        const changed = withCapacity(request, courtIndex, capacity);
        const reused = withCapacities(compileRequest(planningInput(request)), changed);
        const was = request.courts[courtIndex]!.capacity;
        if (reused === null) {
          // Only a raise past some workload (a case's, or a bundle's sum) needs a fresh compile.
          expect(capacity).toBeGreaterThan(was);
          return;
        }
        rebuilt++;
        expect(reused).toEqual(compileRequest(planningInput(changed)));
      }),
      seeded('withCapacities equals a fresh compile', 120),
    );
    expect(rebuilt).toBeGreaterThan(30);
  });

  it('a solver thread reuses its last compile only when nothing but capacities changed', () => {
    const request = generateCourtInstance({ seed: 'reuse', provinces: 1, prefecturesPerProvince: 3, countiesPerPrefecture: 4, cases: 250, decidedBy: 'high', capacityRatio: 1.1 });
    const first = compileReusing(planningInput(request));
    const cut = compileReusing(planningInput(withCapacity(request, 5, Math.floor(request.courts[5]!.capacity / 2))));
    // Shared per-case judgements mean no new compile; equality means nothing was missed.
    expect(cut.eligibleCourts).toBe(first.eligibleCourts);
    expect(cut).toEqual(compileRequest(planningInput(withCapacity(request, 5, Math.floor(request.courts[5]!.capacity / 2)))));
    const otherCases = compileReusing(planningInput({ ...request, cases: request.cases.slice(1) }));
    expect(otherCases.eligibleCourts).not.toBe(cut.eligibleCourts);
    const otherSeed = compileReusing({ ...planningInput({ ...request, cases: request.cases.slice(1) }), seed: '1' });
    expect(otherSeed.eligibleCourts).not.toBe(otherCases.eligibleCourts);
  });
});

describe('what a re-solve on a reused compile derives again', () => {
  const request = generateCourtInstance({ seed: 'shared-arcs', provinces: 1, prefecturesPerProvince: 3, countiesPerPrefecture: 4, cases: 200, decidedBy: 'high', capacityRatio: 1.1 });

  it('a capacity change that keeps every arc shares the arc-derived arrays and index, equal to a fresh build', () => {
    const first = compileRequest(planningInput(request));
    const changed = withCapacity(request, 3, request.courts[3]!.capacity + 1);
    const reused = withCapacities(first, changed)!;
    const before = modelFromCourtInstance(first);
    const after = modelFromCourtInstance(reused);
    expect(after).not.toBe(before);
    expect(after.arcWeight).toBe(before.arcWeight);
    expect(after.originBin).toBe(before.originBin);
    expect(arcsByBin(after)).toBe(arcsByBin(before));
    // Shared, not stale: everything equals what a fresh compile of the changed request gives.
    const fresh = modelFromCourtInstance(compileRequest(planningInput(changed)));
    expect(after).toEqual(fresh);
    expect(arcsByBin(after)).toEqual(arcsByBin(fresh));
    expect(after.binCapacity[3]).toBe(before.binCapacity[3]! + 1);
  });

  it('a model whose arcs belong to other items gets its own index', () => {
    const model = modelFromCourtInstance(compileRequest(planningInput(request)));
    const item = [...model.arcStart].findIndex((start, at) => model.arcStart[at + 1]! - start >= 2);
    const last = model.arcStart[item + 1]! - 1;
    // The same bins per arc, but that item's last arc is the next item's first.
    const regrouped: AssignmentModel = { ...model, arcStart: Int32Array.from(model.arcStart, (start, at) => (at === item + 1 ? last : start)) };
    expect(arcsByBin(model).arcItem[last]).toBe(item);
    expect(arcsByBin(regrouped)).not.toBe(arcsByBin(model));
    expect(arcsByBin(regrouped).arcItem[last]).toBe(item + 1);
  });
});

describe('a warm start that a finished search made', () => {
  it('searches no augmenting path for the cases it left out, only for those it placed that no longer fit', () => {
    // A line of full bins: mover k in bin k could go on to bin k+1, the last bin is empty; the newcomer
    // (left out in the start) can take bin 0 only, along a path of six moves.
    const model = genericModel(new Array<number>(7).fill(1), [
      ...Array.from({ length: 6 }, (_, mover) => ({ arcs: [[mover, 10, 1], [mover + 1, 11, 1]] as [number, number, number][], penalty: 1_000_000 })),
      { arcs: [[0, 5, 1]], penalty: 100_000 },
    ]);
    const initialItemArc = Int32Array.from([0, 2, 4, 6, 8, 10, -1]);
    const firstPlan = (leftOutBySearch?: Uint8Array) => {
      let objective = Infinity;
      solveAssignmentModel(model, {
        timeLimitMs: 10_000, gapTolerance: 1e-9, seed: '0', clock: () => performance.now(), initialItemArc,
        ...(leftOutBySearch ? { leftOutBySearch } : {}),
        onProgress: (progress) => { if (objective === Infinity) objective = progress.objective; },
      });
      return objective;
    };
    const start = 6 * 10 + 100_000;
    expect(firstPlan()).toBe(6 * 11 + 5);
    expect(firstPlan(Uint8Array.from([0, 0, 0, 0, 0, 0, 1]))).toBe(start);
  });
});

describe('a warm re-solve after a capacity cut', () => {
  const request = generateCourtInstance({ seed: 'warm-cut', provinces: 1, prefecturesPerProvince: 4, countiesPerPrefecture: 5, cases: 1_200, decidedBy: 'high', capacityRatio: 1.05 });

  it('repairs the neighbouring plan into a certified plan as good as a cold solve, moving few cases', () => {
    const base = planCourts(planningInput(request));
    if (base.kind !== 'planned') throw new Error(base.kind);
    const busiest = base.plan.courts.reduce((most, court) => (court.load > most.load ? court : most));
    const cutIndex = request.courts.findIndex((court) => court.id === busiest.courtId);
    const cut = withCapacity(request, cutIndex, Math.floor(busiest.capacity * 0.6));
    const warmStart = { assignments: base.plan.assignments.map(({ caseId, courtId }) => ({ caseId, courtId })), prices: base.prices! };
    const warm = planCourts(planningInput(cut, { warmStart }));
    const cold = planCourts(planningInput(cut));
    if (warm.kind !== 'planned' || cold.kind !== 'planned') throw new Error('not planned');

    expect(checkPlan(cut, { ...warm.plan, id: 'warm', audit: {} as never }).problems).toEqual([]);
    const scale = Math.abs(cold.plan.objective);
    // Both certified: each plan's objective lies within the tolerance above the other's bound.
    expect(warm.plan.objective).toBeLessThanOrEqual(cold.plan.lowerBound + 2e-6 * scale);
    expect(cold.plan.objective).toBeLessThanOrEqual(warm.plan.lowerBound + 2e-6 * scale);
    const before = new Map(base.plan.assignments.map((assignment) => [assignment.caseId, assignment.courtId]));
    const moved = warm.plan.assignments.filter((assignment) => before.has(assignment.caseId) && before.get(assignment.caseId) !== assignment.courtId);
    const heldByCut = base.plan.assignments.filter((assignment) => assignment.courtId === busiest.courtId).length;
    // The cut displaces at most the court's excess; a warm repair leaves the rest of the plan alone.
    expect(moved.length).toBeLessThanOrEqual(heldByCut);
  });
});

describe('a warm re-solve after a capacity raise', () => {
  it('starts the raised court unpriced when told the capacities its prices were made for, and certifies its plan', () => {
    // The province benchmark's busiest court +30 %: from its old price the steps could not bring the
    // bound down to the plan in time (gap 6e-5 after 5.5 s); unpriced, the auction rounds price it anew.
    const request = courtInstance('province');
    const base = planCourts(planningInput(request));
    if (base.kind !== 'planned') throw new Error(base.kind);
    const busiest = base.plan.courts.reduce((most, court) => (court.load > most.load ? court : most));
    const raisedIndex = request.courts.findIndex((court) => court.id === busiest.courtId);
    const raised = withCapacity(request, raisedIndex, Math.round(busiest.capacity * 1.3));
    const capacities = Object.fromEntries(request.courts.map((court) => [court.id, court.capacity]));
    const warmStart = { assignments: base.plan.assignments.map(({ caseId, courtId }) => ({ caseId, courtId })), prices: base.prices!, capacities };
    const warm = planCourts(planningInput(raised, { warmStart }));
    if (warm.kind !== 'planned') throw new Error(warm.kind);
    expect(warm.plan.gap).toBeLessThanOrEqual(1e-6);
    expect(checkPlan(raised, { ...warm.plan, id: 'warm', audit: {} as never }).problems).toEqual([]);
  });
});
