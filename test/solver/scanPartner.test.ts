import { afterAll, describe, expect, it } from 'vitest';
import { assignmentObjective, assignmentViolations, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { clearMarket } from '../../solver/core/marketClearing.js';
import { greedyFill } from '../../solver/core/primalHeuristics.js';
import { cancelTransferCyclesWithPartner, splitRoom } from '../../solver/core/sharedTransferCycles.js';
import { cancelTransferCycles, cancelTransferCyclesOnPlan, commonWeights } from '../../solver/core/transferCycles.js';
import { solveAssignmentModel } from '../../solver/core/coreSolve.js';
import { knapsackBound } from '../../solver/core/knapsackBound.js';
import { evaluateDual, type ScanPartner } from '../../solver/core/lagrangianBound.js';
import { seededGenerator } from '../../solver/seededRandom.js';
import { scanPartnerFor, startScanPartner } from '../../src/workers/scanPartner.js';
import { claimStep, control } from '../../src/workers/scanProtocol.js';
import { benchmarkModel } from '../support/benchmarkModels.js';

// The real second thread, on a model below the size where the service would use it.
const { model } = benchmarkModel('medium');
const partnerFor = (forModel: AssignmentModel) => scanPartnerFor(forModel, { minArcs: 0 });
const opened: ScanPartner[] = [];
afterAll(() => opened.forEach((partner) => partner.close()));

/** Price vectors from zero to well above the costs, seeded. */
function pricesFor(seed: string): Float64Array[] {
  const random = seededGenerator(seed);
  return [0, 1, 10, 100, 1_000].map((scale) => Float64Array.from({ length: model.binCount }, () => (random() < 0.3 ? 0 : scale * random())));
}

describe('the scan partner (a second thread for the price steps and the knapsack bound)', () => {
  startScanPartner();

  it('scans to the same choices, loads and bound as a scan on one thread', () => {
    const partner = partnerFor(model)!;
    opened.push(partner);
    expect(partner.firstItem).toBeGreaterThan(0);
    expect(partner.firstItem).toBeLessThan(model.itemCount);
    for (const price of pricesFor('scan')) {
      const alone = evaluateDual(model, price);
      const shared = evaluateDual(model, price, undefined, partner);
      expect(Array.from(shared.choice)).toEqual(Array.from(alone.choice));
      expect(Array.from(shared.load)).toEqual(Array.from(alone.load));
      expect(shared.bound).toBeCloseTo(alone.bound, 6);
    }
  });

  it('answers the knapsack bound exactly as knapsackBound does, joined or not', () => {
    const partner = partnerFor(model)!;
    opened.push(partner);
    for (const price of pricesFor('knapsack').slice(1, 4)) {
      for (const joinBins of [false, true]) {
        partner.beginKnapsack(price, joinBins);
        expect(partner.endKnapsack()).toBe(knapsackBound(model, price, joinBins));
      }
    }
  });

  it('gives the same answers when its thread is busy with another model and the caller takes the work', () => {
    // The thread serves the first partner until that one is let go (or ~50 ms without a step pass),
    // so the second partner's first tasks are taken by the calling thread, later ones by the thread.
    const busy = partnerFor(model)!;
    busy.begin(new Float64Array(model.binCount));
    busy.end(new Float64Array(model.binCount), new Int32Array(model.itemCount));
    const partner = partnerFor(model)!;
    opened.push(busy, partner);
    const started = performance.now();
    let steps = 0;
    for (; performance.now() - started < 300 || steps < 10; steps++) {
      const price = pricesFor(`busy-${steps}`)[steps % 5]!;
      const alone = evaluateDual(model, price);
      const shared = evaluateDual(model, price, undefined, partner);
      expect(Array.from(shared.choice)).toEqual(Array.from(alone.choice));
      expect(shared.bound).toBeCloseTo(alone.bound, 6);
    }
    partner.beginKnapsack(pricesFor('busy-knapsack')[3]!, false);
    expect(partner.endKnapsack()).toBe(knapsackBound(model, pricesFor('busy-knapsack')[3]!, false));
  });

  it('lets the core solve reproducibly: the same plan and bound twice, every rule kept', () => {
    const settings = { timeLimitMs: 60_000, gapTolerance: 1e-4, seed: 'partner', stagnationRounds: 2, clock: () => performance.now(), scanPartner: partnerFor };
    const first = solveAssignmentModel(model, settings);
    const second = solveAssignmentModel(model, settings);
    expect(first.status).not.toBe('time_limit');
    expect(assignmentViolations(model, first.itemArc)).toEqual([]);
    expect(Array.from(second.itemArc)).toEqual(Array.from(first.itemArc));
    expect(second.lowerBound).toBe(first.lowerBound);
    expect(first.lowerBound).toBeLessThanOrEqual(first.objective);
  });

  it('leaves a search past the knapsack price search with the plan and bound it has alone, the knapsack pass run on the partner', () => {
    // 10,000 cases, 264,000 options: past the 200,000 where prices are searched, so the partner takes the knapsack pass.
    const { model: province } = benchmarkModel('province');
    const settings = { timeLimitMs: 60_000, gapTolerance: 1e-5, seed: 'province', clock: () => performance.now() };
    const alone = solveAssignmentModel(province, settings);
    const shared = solveAssignmentModel(province, { ...settings, scanPartner: partnerFor });
    expect(alone.status).not.toBe('time_limit');
    expect(Array.from(shared.itemArc)).toEqual(Array.from(alone.itemArc));
    expect(shared.iterations).toBe(alone.iterations);
    // The sums of the two halves round apart from one sum in the last bits, nothing more.
    expect(Math.abs(shared.lowerBound - alone.lowerBound)).toBeLessThanOrEqual(1e-12 * Math.abs(alone.lowerBound));
  });

  it('clears the market to the same prices as one thread alone, its items\' choices made on the partner', () => {
    const partner = partnerFor(model)!;
    opened.push(partner);
    for (const [rounds, start] of [[8, new Float64Array(model.binCount)], [3, pricesFor('market')[2]!]] as const) {
      const alone = Float64Array.from(start);
      const shared = Float64Array.from(start);
      clearMarket(model, alone, rounds);
      clearMarket(model, shared, rounds, partner);
      expect(Array.from(shared)).toEqual(Array.from(alone));
      expect(alone.some((price, bin) => price !== start[bin])).toBe(true);
    }
  });

  it('runs transfer cycles of the workloads asked for, within the capacities given, as on one thread', () => {
    const partner = partnerFor(model)!;
    opened.push(partner);
    const plan = greedyPlan();
    const [, second] = commonWeights(plan);
    const share = splitRoom(plan, second!).partnerShare;
    partner.beginCycles({ itemArc: plan.itemArc, weights: [second!], ...share, budgetMs: 60_000 });
    const there = partner.endCycles();
    const here = cancelTransferCyclesOnPlan({ ...model, ...share }, plan.itemArc, [second!], Infinity, () => 0);
    expect(Array.from(there)).toEqual(Array.from(here));
    expect(assignmentObjective(model, there)).toBeLessThan(plan.refreshObjective());
  });

  it('splits a plan\'s transfer cycles by workload: every rule kept, the objective lower, both shares applied', () => {
    const partner = partnerFor(model)!;
    opened.push(partner);
    const plan = greedyPlan();
    const before = Int32Array.from(plan.itemArc);
    const weights = commonWeights(plan);
    expect(weights.length).toBeGreaterThan(1);
    // The same two searches one after the other, from the same plan and room split.
    const { own, partnerShare } = splitRoom(plan, weights[1]!);
    const ownPlan = cancelTransferCyclesOnPlan({ ...model, ...own }, before, [weights[0]!], Infinity, () => 0);
    const partnerPlan = cancelTransferCyclesOnPlan({ ...model, ...partnerShare }, before, weights.slice(1), Infinity, () => 0);
    const movedBy = (after: Int32Array) => before.filter((arc, item) => after[item] !== arc).length;
    expect(movedBy(ownPlan)).toBeGreaterThan(0);
    expect(movedBy(partnerPlan)).toBeGreaterThan(0);

    expect(cancelTransferCyclesWithPartner(plan, partner, Infinity, () => 0)).toBe(true);
    expect(assignmentViolations(model, plan.itemArc)).toEqual([]);
    expect(plan.refreshObjective()).toBeLessThan(assignmentObjective(model, before));
    const expected = before.map((arc, item) => (ownPlan[item] !== arc ? ownPlan[item]! : partnerPlan[item]!));
    expect(Array.from(plan.itemArc)).toEqual(Array.from(expected));
  });

  it('keeps transfer cycles on one thread where two threads\' moves could meet through a pair rule', () => {
    // A pair limit (as reciprocity would) makes the split unsafe: the same cycles as without a partner.
    // One model for both: its bins' edges, kept from the first search, are what the second would build
    // (among equally cheap cases a bin offers its lowest item, whatever the order its members came in).
    const limited: AssignmentModel = { ...model, pairLimit: 1_000 };
    const partner = partnerFor(limited)!;
    opened.push(partner);
    const alone = greedyPlan(limited);
    const shared = greedyPlan(limited);
    const before = shared.refreshObjective();
    cancelTransferCycles(alone, Infinity, () => 0);
    cancelTransferCyclesWithPartner(shared, partner, Infinity, () => 0);
    expect(Array.from(shared.itemArc)).toEqual(Array.from(alone.itemArc));
    expect(shared.refreshObjective()).toBeLessThan(before);
  });

  it('splits each court\'s room so that the two shares together never pass its capacity', () => {
    const plan = greedyPlan();
    for (const weight of [1, 2, 3]) {
      const { own, partnerShare } = splitRoom(plan, weight);
      for (let bin = 0; bin < model.binCount; bin++) {
        const load = plan.binLoad[bin]!;
        const partnerRoom = partnerShare.binCapacity[bin]! - load;
        expect(partnerRoom % weight).toBe(0);
        expect(partnerRoom).toBeGreaterThanOrEqual(0);
        expect(own.binCapacity[bin]!).toBeGreaterThanOrEqual(Math.min(load, model.binCapacity[bin]!));
        expect(own.binCapacity[bin]! + partnerRoom).toBe(model.binCapacity[bin]!);
        // Room below the soft capacity is split too (so that the two sides' overload charges add up to no
        // more than the combined plan's); a court past it keeps it on both sides.
        const soft = model.binSoftCapacity[bin]!;
        if (load < soft) {
          expect(partnerShare.binSoftCapacity[bin]!).toBeGreaterThanOrEqual(load);
          expect(partnerShare.binSoftCapacity[bin]!).toBeLessThanOrEqual(partnerShare.binCapacity[bin]!);
          expect(own.binSoftCapacity[bin]! + partnerShare.binSoftCapacity[bin]! - load).toBeCloseTo(soft, 9);
        } else {
          expect([own.binSoftCapacity[bin], partnerShare.binSoftCapacity[bin]]).toEqual([soft, soft]);
        }
      }
    }
  });

  it('hands each task to exactly one side: the first to claim it', () => {
    const signal = new Int32Array(new SharedArrayBuffer(4 * control.length));
    expect(claimStep(signal, 1)).toBe(true);
    expect(claimStep(signal, 1)).toBe(false); // the other side finds it taken
    expect(claimStep(signal, 3)).toBe(false); // a task not yet asked for cannot be claimed ahead
    expect(claimStep(signal, 2)).toBe(true);
  });
});

/** A plan of the medium model (or one like it) with much left to gain: the greedy fill at zero prices. */
function greedyPlan(of: AssignmentModel = model): AssignmentState {
  const plan = new AssignmentState(of);
  const random = seededGenerator('greedy plan');
  greedyFill(plan, new Float64Array(model.binCount), Float64Array.from({ length: model.itemCount }, () => random()));
  plan.refreshObjective();
  return plan;
}
