import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../schemas/index.js';
import { assignmentObjective, assignmentViolations, noFloors, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { solveAssignmentModel } from '../../solver/core/coreSolve.js';
import { modelFromCourtInstance } from '../../solver/core/fromCourtInstance.js';
import { parseGapInstance } from '../../solver/core/gapInstance.js';
import { evaluateDual } from '../../solver/core/lagrangianBound.js';
import type { CandidateLimits } from '../../solver/candidateCourts.js';
import { buildCourtContext } from '../../solver/courtContext.js';
import { compileInstance } from '../../solver/instance.js';
import { placementObjective } from '../../solver/sideConstraints.js';
import { bruteForceOptimum } from '../support/bruteForce.js';
import { checkPlan, eligibleMode, km, prepare, type CheckContext } from '../support/independentChecker.js';
import { planWithCore } from '../support/planWithCore.js';
import { randomFrom, tinyRequest } from '../support/tinyRequests.js';

const seeded = (name: string, numRuns = 40) => ({ seed: Math.floor(randomFrom(name)() * 2 ** 31), numRuns });
const bruteForceable = fc.tuple(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }))
  .map(([seed, cases]) => tinyRequest(randomFrom(`core-${seed}`), cases))
  .map((request) => ({ request, optimum: bruteForceOptimum(request) }))
  .filter((entry): entry is { request: typeof entry.request; optimum: number } => entry.optimum !== null);

const relativeGapOf = (outcome: { objective: number; lowerBound: number }) => (outcome.objective - outcome.lowerBound) / Math.max(1, Math.abs(outcome.objective));

function courtModel(request: ReturnType<typeof tinyRequest>, candidateLimits?: CandidateLimits) {
  const deciding = request.decidingCourtId!;
  const policy = resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: request.courts.find((court) => court.id === deciding)!.level });
  const instance = compileInstance(buildCourtContext(request, policy, deciding), '0', candidateLimits);
  return { instance, model: modelFromCourtInstance(instance) };
}

describe('the scalable core on court instances', () => {
  it('keeps every hard rule, and lowerBound ≤ optimum ≤ objective (brute force)', () => {
    fc.assert(
      fc.property(bruteForceable, ({ request, optimum }) => {
        const plan = planWithCore(request, 300);
        const scale = Math.max(1, Math.abs(optimum));
        expect(checkPlan(request, { ...plan, id: 'core', audit: {} as never }).problems).toEqual([]);
        expect(plan.lowerBound).toBeLessThanOrEqual(optimum + 1e-9 * scale);
        expect(plan.objective).toBeGreaterThanOrEqual(optimum - 1e-9 * scale);
      }),
      seeded('core keeps every rule and brackets the optimum'),
    );
  });

  it('with generated candidates (the nearest only, as national plans do) bounds stay true and plans feasible', () => {
    fc.assert(
      fc.property(bruteForceable, fc.integer({ min: 1, max: 3 }), ({ request, optimum }, nearest) => {
        const plan = planWithCore(request, 200, { exhaustivePairs: 0, nearest });
        const scale = Math.max(1, Math.abs(optimum));
        expect(checkPlan(request, { ...plan, id: 'nearest', audit: {} as never }).problems).toEqual([]);
        expect(plan.lowerBound).toBeLessThanOrEqual(optimum + 1e-9 * scale);
      }),
      seeded('generated candidates keep bounds true'),
    );
  });

  it('the service path with generated candidates (solve, widen the left-out, solve again) keeps rules and a true bound', async () => {
    const { planCourts } = await import('../../solver/index.js');
    fc.assert(
      fc.property(bruteForceable, ({ request, optimum }) => {
        const policy = resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: request.courts.find((court) => court.id === request.decidingCourtId)!.level });
        const outcome = planCourts({ request, policy, decidingCourtId: request.decidingCourtId!, seed: '1', timeLimitMs: 200, gapTolerance: 0, clock: () => performance.now(), candidateLimits: { exhaustivePairs: 0, nearest: 1 } });
        expect(outcome.kind).toBe('planned');
        if (outcome.kind !== 'planned') return;
        expect(checkPlan(request, { ...outcome.plan, id: 'widened', audit: {} as never }).problems).toEqual([]);
        expect(outcome.plan.lowerBound).toBeLessThanOrEqual(optimum + 1e-9 * Math.max(1, Math.abs(optimum)));
      }),
      seeded('service path with generated candidates', 40),
    );
  });

  /** The service path's plan when time stands still except at the first progress report of a solve, when it jumps to `used` of the limit. */
  const planWhenTimeUsed = async (request: ReturnType<typeof tinyRequest>, used: number) => {
    const { planCourts } = await import('../../solver/index.js');
    let now = 0;
    const trace: string[] = [];
    const policy = resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: request.courts.find((court) => court.id === request.decidingCourtId)!.level });
    const outcome = planCourts({
      request, policy, decidingCourtId: request.decidingCourtId!, seed: '1', timeLimitMs: 10_000, gapTolerance: 0, clock: () => now,
      candidateLimits: { exhaustivePairs: 0, nearest: 1 },
      onProgress: (progress) => {
        if (progress.phase !== 'compiling') now = Math.max(now, used * 10_000);
        trace.push(`${progress.phase} ${progress.objective} ${progress.lowerBound}`);
      },
    });
    if (outcome.kind !== 'planned') throw new Error(outcome.kind);
    return { trace: trace.join('\n'), assignments: JSON.stringify(outcome.plan.assignments.map(({ caseId, courtId }) => [caseId, courtId])), leftOut: outcome.plan.unassigned.filter((entry) => entry.reason === 'capacity').length };
  };

  it('the service path gives a first solve whose first plans need no wider candidates the whole limit, not half', async () => {
    // With time frozen at 55 % of the limit, past the first solve's half, such a solve goes on as it
    // does at 45 %: the same steps (its progress, report by report) and no second solve after it. (Both
    // lie past the 40 % the core gives its first price steps and a search with reciprocity forbidden
    // gives its relaxed start, so that those are the same too.)
    // Courts with room for every case and no pair limit: no plan leaves a case out that wider candidates could place.
    const requests = Array.from({ length: 20 }, (_, seed) => tinyRequest(randomFrom(`whole-limit-${seed}`), 8)).map((request) => ({
      ...request,
      courts: request.courts.map((court) => ({ ...court, capacity: 1_000 })),
      policy: { ...request.policy, maxPerPair: undefined },
    }));
    for (const request of requests) {
      const unhurried = await planWhenTimeUsed(request, 0.45);
      expect(unhurried.leftOut).toBe(0);
      expect((await planWhenTimeUsed(request, 0.55)).trace).toBe(unhurried.trace);
    }
  });

  it('the service path stops a first solve at half the limit when its first plans leave cases wider candidates could place', async () => {
    // Past half the limit (55 %) such a solve stops for the widening rounds; before it (45 %) it goes on.
    let cut = 0;
    for (let seed = 0; seed < 20; seed++) {
      const request = tinyRequest(randomFrom(`whole-limit-${seed}`), 16);
      if ((await planWhenTimeUsed(request, 0.45)).trace !== (await planWhenTimeUsed(request, 0.55)).trace) cut++;
    }
    expect(cut).toBeGreaterThan(5);
  });

  it('the service path starts no further round with less than 5 % of the time left', async () => {
    // Time stands still except at the first progress report of a solve, when it jumps to `used` of the
    // limit. Past the first solve's share (half) a first solve whose first plans leave cases worth
    // widening stops at its next check, the same way for every `used` below 1 (at 1 its deadline cuts
    // it elsewhere): what follows depends on the time left alone.
    const assignmentsWhenTimeUsed = async (request: ReturnType<typeof tinyRequest>, used: number) => (await planWhenTimeUsed(request, used)).assignments;
    // Requests where a round after the first solve changes the plan (with 90 % of the time used it still starts).
    const changedByRound = [];
    for (let seed = 0; seed < 60; seed++) {
      const request = tinyRequest(randomFrom(`round-share-${seed}`), 8);
      if ((await assignmentsWhenTimeUsed(request, 0.9)) !== (await assignmentsWhenTimeUsed(request, 0.999))) changedByRound.push(request);
    }
    expect(changedByRound.length).toBeGreaterThan(3);
    for (const request of changedByRound) expect(await assignmentsWhenTimeUsed(request, 0.97)).toBe(await assignmentsWhenTimeUsed(request, 0.999));
  });

  it('the floor on omitted candidates is below the cost of every eligible court left out', () => {
    fc.assert(
      fc.property(bruteForceable, fc.integer({ min: 1, max: 3 }), ({ request }, nearest) => {
        const { instance, model } = courtModel(request, { exhaustivePairs: 0, nearest });
        const context = prepare(request);
        const courtIds = request.courts.map((court) => court.id);
        for (let item = 0; item < model.itemCount; item++) {
          const members = [...instance.memberCase.subarray(instance.memberStart[item]!, instance.memberStart[item + 1]!)];
          const kept = new Set(Array.from(model.arcBin.subarray(model.arcStart[item]!, model.arcStart[item + 1]!)));
          for (const courtId of courtIds) {
            const court = courtIds.indexOf(courtId);
            if (kept.has(court) || members.some((caseIndex) => eligibleMode(context, caseIndex, courtId) === null)) continue;
            if (request.courts[court]!.capacity < instance.itemWorkload[item]!) continue; // can never hold it: no candidate, no floor needed
            // An eligible court the model left out: its true cost, from API.md's terms, is at or above the floor.
            const cost = members.reduce((sum, caseIndex) => sum + caseCostAt(context, caseIndex, courtId), 0);
            expect(instance.itemOmittedFloor[item]!).toBeLessThanOrEqual(cost + 1e-6);
          }
        }
      }),
      seeded('omitted floor below true costs', 60),
    );
  });

  it('the Lagrangian bound is below the optimum for any prices, not only the ones the search finds, with all or the nearest candidates', () => {
    fc.assert(
      fc.property(bruteForceable, fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 300, noNaN: true }), fc.double({ min: 0, max: 1e6, noNaN: true })), { minLength: 15, maxLength: 15 }), fc.constantFrom(undefined, { exhaustivePairs: 0, nearest: 1 }), ({ request, optimum }, prices, limits) => {
        const { model } = courtModel(request, limits);
        const bound = evaluateDual(model, Float64Array.from(prices.slice(0, model.binCount))).bound;
        expect(bound).toBeLessThanOrEqual(optimum + 1e-9 * Math.max(1, Math.abs(optimum)));
      }),
      seeded("Lagrangian bound valid for any prices", 300),
    );
  });

  it('the generic model prices a court placement exactly as the court objective does', () => {
    fc.assert(
      fc.property(bruteForceable, ({ request }) => {
        const { instance, model } = courtModel(request);
        const outcome = solveAssignmentModel(model, { timeLimitMs: 200, gapTolerance: 0, seed: 's', clock: () => performance.now() });
        const itemCourt = Int32Array.from(outcome.itemArc, (arc) => (arc === -1 ? -1 : model.arcBin[arc]!));
        const courtObjective = placementObjective(instance, itemCourt);
        expect(Math.abs(assignmentObjective(model, outcome.itemArc) - courtObjective)).toBeLessThanOrEqual(1e-9 * Math.max(1, courtObjective));
      }),
      seeded('generic objective equals court objective', 25),
    );
  });

  it('shows the caller its first plans once, before the local search: a plan of the model (its every rule but reciprocity, which that search relaxes)', () => {
    fc.assert(
      fc.property(bruteForceable, ({ request }) => {
        const { model } = courtModel(request);
        const shown: Int32Array[] = [];
        let reportsBefore = -1;
        let reports = 0;
        const outcome = solveAssignmentModel(model, {
          timeLimitMs: 300, gapTolerance: 0, seed: '0', clock: () => performance.now(),
          onProgress: () => reports++,
          onFirstPlans: (itemArc) => {
            shown.push(Int32Array.from(itemArc));
            reportsBefore = reports;
          },
        });
        expect(shown).toHaveLength(1);
        expect(assignmentViolations({ ...model, forbidReciprocal: false }, shown[0]!)).toEqual([]);
        expect(assignmentObjective(model, shown[0]!)).toBeGreaterThanOrEqual(outcome.objective - 1e-9 * Math.max(1, Math.abs(outcome.objective)));
        expect(reportsBefore).toBeGreaterThan(0); // after the prices settled and the first plans were reported
      }),
      seeded('first plans shown once'),
    );
  });

  it('stops once its plan is within the tolerance of a bound it is told of, and builds plans before price steps when asked', () => {
    let stepsSaved = 0;
    fc.assert(
      fc.property(bruteForceable, ({ request, optimum }) => {
        const { model } = courtModel(request);
        const settings = { timeLimitMs: 10_000, gapTolerance: 1e-9, seed: '0', clock: () => performance.now(), stagnationRounds: 5 };
        const unaided = solveAssignmentModel(model, settings);
        const told = solveAssignmentModel(model, { ...settings, knownLowerBound: optimum });
        // Told the optimum, it stops at a plan that reaches it: proven, and never after more steps.
        expect(told.objective).toBeGreaterThanOrEqual(optimum - 1e-9 * Math.max(1, Math.abs(optimum)));
        expect(told.lowerBound).toBeGreaterThanOrEqual(Math.min(told.objective, optimum) - 1e-9 * Math.max(1, Math.abs(optimum)));
        if (told.status === 'optimal') stepsSaved += unaided.iterations - told.iterations;
        // Plans before prices: with given prices and a start, a fresh plan is reported before the first price steps are.
        const phases: string[] = [];
        solveAssignmentModel(model, {
          ...settings, firstPlansOnly: true, plansBeforePrices: true, initialPrices: unaided.prices, initialItemArc: unaided.itemArc,
          onProgress: (progress) => phases.push(progress.phase),
        });
        if (relativeGapOf(unaided) > 1e-9) expect(phases.slice(0, 3)).toEqual(['greedy', 'greedy', 'lagrangian']);
      }),
      seeded('known bound and plans first', 30),
    );
    expect(stepsSaved).toBeGreaterThan(0);
  });

  it('is deterministic for a seed', () => {
    const request = tinyRequest(randomFrom('core determinism'), 12);
    expect(JSON.stringify(planWithCore(request, 200))).toBe(JSON.stringify(planWithCore(structuredClone(request), 200)));
  });
});

describe('OR-Library GAP instances through the generic model', () => {
  const gapDir = new URL('../../../shared/data/gap/', import.meta.url);
  const bestKnown = new Map(readFileSync(new URL('bounds.tsv', gapDir), 'utf8').trim().split('\n').slice(1).map((line) => line.split('\t')).map(([name, lower, upper]) => [name!, { lower: Number(lower), upper: Number(upper) }]));

  // c0848_5: the first plans leave a job out; a search that stopped there reported no plan at all.
  it.each(['c05100', 'd05100', 'c10200', 'c0848_5'])('%s: a feasible assignment of every job, bounded below by a true bound', (name) => {
    const model = parseGapInstance(readFileSync(new URL(name, gapDir), 'utf8'));
    const outcome = solveAssignmentModel(model, { timeLimitMs: 1000, gapTolerance: 0, seed: '0', clock: () => performance.now() });
    const known = bestKnown.get(name)!;
    expect(assignmentViolations(model, outcome.itemArc)).toEqual([]);
    expect(outcome.objective).toBe(assignmentObjective(model, outcome.itemArc));
    expect(outcome.objective).toBeGreaterThanOrEqual(known.lower);
    expect(outcome.lowerBound).toBeLessThanOrEqual(known.upper);
    expect((outcome.objective - known.upper) / known.upper).toBeLessThanOrEqual(0.02);
  });

  it('refuses a file that is not a GAP instance', () => {
    expect(() => parseGapInstance('5 100 1 2 3')).toThrow(/not a GAP instance/);
  });
});

describe('stopping on request', () => {
  it('a stop request ends the search at once with a feasible plan and a true bound', async () => {
    const { loadSampleRequest, sampleOptima } = await import('../support/sampleRequests.js');
    const { planCourts } = await import('../../solver/index.js');
    const request = loadSampleRequest('small-202-forbid-tight.json');
    const policy = resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: 'high' });
    const outcome = planCourts({ request, policy, decidingCourtId: request.decidingCourtId!, seed: '0', timeLimitMs: 60_000, gapTolerance: 0, clock: () => performance.now(), shouldStop: () => true });
    expect(outcome.kind).toBe('planned');
    if (outcome.kind !== 'planned') return;
    expect(outcome.plan.status).toBe('feasible');
    expect(checkPlan(request, { ...outcome.plan, id: 'stopped', audit: {} as never }, '2026-01-01').problems).toEqual([]);
    expect(outcome.plan.lowerBound).toBeLessThanOrEqual(sampleOptima().get('small-202-forbid-tight.json')! * (1 + 1e-9));
    // Stopped by request, not by the clock: 'feasible', not 'time_limit'.
  });

  it('a model past a million arcs, which starts without a first plan, stopped at once still returns a feasible plan and a true bound', () => {
    // 55,000 items with 20 arcs each over 3,000 bins that hold about half of them.
    const random = randomFrom('million-arcs');
    const model = randomLargeModel(random, { itemCount: 55_000, binCount: 3_000, arcsPerItem: 20, capacity: 14 });
    model.arcCost.forEach((_, arc) => (model.arcCost[arc] = 10 + (arc % 20) + Math.floor(random() * 50)));
    model.arcWeight.forEach((_, arc) => (model.arcWeight[arc] = 1 + Math.floor(random() * 2)));
    model.itemPenalty.fill(500);
    expect(model.arcBin.length).toBeGreaterThan(1_000_000);
    const reported: number[] = [];
    const outcome = solveAssignmentModel(model, { timeLimitMs: 60_000, gapTolerance: 0, seed: '0', clock: () => performance.now(), shouldStop: () => true, onProgress: (progress) => reported.push(progress.objective) });
    expect(assignmentViolations(model, outcome.itemArc)).toEqual([]);
    expect(outcome.objective).toBeCloseTo(assignmentObjective(model, outcome.itemArc), 3);
    // The greedy placed cases (all left out would cost 500 each), and nothing was reported as a plan before there was one.
    expect(outcome.objective).toBeLessThan(0.8 * 500 * model.itemCount);
    expect(reported.every((objective) => objective === Infinity || objective === outcome.objective)).toBe(true);
    expect(outcome.lowerBound).toBeLessThanOrEqual(outcome.objective);
  });
});

describe('large models with reciprocity forbidden', () => {
  it('polish a repaired start at once, before any price step: a solve stopped after it returns the polished plan', () => {
    // 16,000 items with 20 arcs each over 1,000 bins with room for all (320,000 arcs), each item sent from a bin.
    const random = randomFrom('large-forbid');
    const itemCount = 16_000;
    const arcsPerItem = 20;
    const model: AssignmentModel = {
      ...randomLargeModel(random, { itemCount, binCount: 1_000, arcsPerItem, capacity: 24 }),
      originStart: Int32Array.from({ length: itemCount + 1 }, (_, item) => item),
      originBin: Int32Array.from({ length: itemCount }, () => Math.floor(random() * 1_000)),
      originCount: new Int32Array(itemCount).fill(1),
      forbidReciprocal: true,
    };
    expect(model.arcBin.length).toBeGreaterThan(300_000);
    // A poor start that keeps every rule: each item at its dearest arc the rules allow.
    const start = new AssignmentState(model);
    for (let item = 0; item < itemCount; item++) {
      const arcs = Array.from({ length: arcsPerItem }, (_, at) => model.arcStart[item]! + at).sort((a, b) => model.arcCost[b]! - model.arcCost[a]!);
      const arc = arcs.find((candidate) => start.canPlace(item, candidate));
      if (arc !== undefined) start.place(item, arc);
    }
    const startObjective = start.refreshObjective();
    let reports = 0;
    const outcome = solveAssignmentModel(model, {
      timeLimitMs: 600_000, gapTolerance: 0, seed: '0', clock: () => performance.now(), initialItemArc: start.itemArc,
      onProgress: () => reports++,
      shouldStop: () => reports > 0, // stop at the first report: the search without the rule shows its bound, round 0 its start
    });
    expect(assignmentViolations(model, outcome.itemArc)).toEqual([]);
    expect(outcome.objective).toBeLessThan(0.9 * startObjective);
  });
});

/**
 * A large generic model built directly (a list of item specs this long is slow): items with random
 * arcs of costs 10–99 and unit weights, penalty 1,000, bins of one capacity, no pair rules.
 */
function randomLargeModel(random: () => number, size: { itemCount: number; binCount: number; arcsPerItem: number; capacity: number }): AssignmentModel {
  const { itemCount, binCount, arcsPerItem, capacity } = size;
  return {
    itemCount,
    binCount,
    arcStart: Int32Array.from({ length: itemCount + 1 }, (_, item) => item * arcsPerItem),
    arcBin: Int32Array.from({ length: itemCount * arcsPerItem }, () => Math.floor(random() * binCount)),
    arcCost: Float64Array.from({ length: itemCount * arcsPerItem }, () => 10 + Math.floor(random() * 90)),
    arcWeight: new Float64Array(itemCount * arcsPerItem).fill(1),
    itemPenalty: new Float64Array(itemCount).fill(1_000),
    itemPinnedArc: new Int32Array(itemCount).fill(-1),
    ...noFloors(itemCount, binCount),
    binCapacity: new Float64Array(binCount).fill(capacity),
    binSoftCapacity: new Float64Array(binCount).fill(capacity),
    overloadPerUnit: 0,
    constantCost: 0,
    originStart: new Int32Array(itemCount + 1),
    originBin: new Int32Array(0),
    originCount: new Int32Array(0),
    pairLimit: null,
    forbidReciprocal: false,
  };
}

/** Convenience + mode cost + change penalty of one case at one court, from the request alone. */
function caseCostAt(context: CheckContext, caseIndex: number, courtId: string): number {
  const { request, policy } = context;
  const courtCase = request.cases[caseIndex]!;
  const court = request.courts.find((candidate) => candidate.id === courtId)!;
  const anchor = courtCase.anchor ?? request.courts.find((candidate) => candidate.id === courtCase.originCourtId)!.location;
  const mode = eligibleMode(context, caseIndex, courtId)!;
  const reference = request.reference?.assignments.find((entry) => entry.caseId === courtCase.id);
  const changed = reference !== undefined && (reference.courtId !== courtId || reference.mode !== mode);
  return (courtCase.workload ?? 1) * policy.perKm * km(anchor, court.location) + policy.modeCost[mode] + (changed ? policy.changePenalty : 0);
}
