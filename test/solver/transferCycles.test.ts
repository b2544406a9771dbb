import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentObjective, assignmentViolations, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { greedyFill, improveLocally } from '../../solver/core/primalHeuristics.js';
import { cancelTransferCycles } from '../../solver/core/transferCycles.js';
import { genericModel, type ItemSpec } from '../support/genericModels.js';
import { enumeratedOptimum, modelOf, sketchesWithPrices, type Sketch } from '../support/modelSketches.js';

/** A ring of full bins of capacity 1: case k sits in bin k at cost 10 and would cost 10 − saving in bin k+1 (mod length). */
function ring(length: number, saving: number): AssignmentModel {
  const cases: ItemSpec[] = Array.from({ length }, (_, at) => ({ arcs: [[at, 10, 1], [(at + 1) % length, 10 - saving, 1]], penalty: 1_000 }));
  return genericModel(new Array<number>(length).fill(1), cases);
}

function everyCaseAtHome(model: AssignmentModel): AssignmentState {
  const state = new AssignmentState(model);
  for (let item = 0; item < model.itemCount; item++) state.place(item, model.arcStart[item]!);
  return state;
}

/** A start plan: a greedy fill at some prices (pins first), so that property runs start from many different plans. */
function startPlan(model: AssignmentModel, price: Float64Array): AssignmentState {
  const state = new AssignmentState(model);
  greedyFill(state, price, Float64Array.from({ length: model.itemCount }, (_, item) => item));
  return state;
}

/** The same sketch with every workload 1: plans are then flows, and a plan without a negative cycle is optimal. */
function unitWorkloads(sketch: Sketch): Sketch {
  return { ...sketch, items: sketch.items.map((item) => ({ ...item, arcs: item.arcs.map((arc) => ({ ...arc, weight: 1 })) })) };
}

describe('transfer cycles', () => {
  it('rotate a ring of full courts that no shift, swap or ejection can improve', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 40 }), fc.integer({ min: 1, max: 9 }), (length, saving) => {
        const model = ring(length, saving);
        const state = everyCaseAtHome(model);
        const before = state.objective;
        const order = Int32Array.from({ length }, (_, item) => item);
        improveLocally(state, order, Infinity, () => 0);
        expect(state.objective).toBe(before); // why the cycles are needed: every single move is blocked
        expect(cancelTransferCycles(state, Infinity, () => 0)).toBe(true);
        expect(assignmentViolations(model, state.itemArc)).toEqual([]);
        expect(assignmentObjective(model, state.itemArc)).toBeCloseTo(before - length * saving, 9);
      }),
      { seed: 20261127, numRuns: 40 },
    );
  });

  it('search a second plan of the same model afresh where its courts hold other cases (edges are kept per court between searches)', () => {
    // First the ring already rotated (nothing to gain); then a plan of the same model with every case at
    // home: a search that took its courts' edges from the rotated plan (each case could only move back)
    // would find nothing.
    const model = ring(6, 3);
    const rotated = new AssignmentState(model);
    for (let item = 0; item < model.itemCount; item++) rotated.place(item, model.arcStart[item]! + 1);
    expect(cancelTransferCycles(rotated, Infinity, () => 0)).toBe(false);
    const second = everyCaseAtHome(model);
    const before = second.objective;
    expect(cancelTransferCycles(second, Infinity, () => 0)).toBe(true);
    expect(assignmentViolations(model, second.itemArc)).toEqual([]);
    expect(assignmentObjective(model, second.itemArc)).toBeCloseTo(before - 6 * 3, 9);
  });

  it('pass a chain of cases on to a court with room, and place a left-out case through the chain', () => {
    // Bins 0..4 of capacity 1, bin 5 empty; case k in bin k is cheaper in bin k+1; case 5 is left out and fits bin 0 only.
    const movers: ItemSpec[] = Array.from({ length: 5 }, (_, at) => ({ arcs: [[at, 10, 1], [at + 1, 7, 1]], penalty: 1_000 }));
    const model = genericModel([1, 1, 1, 1, 1, 1], [...movers, { arcs: [[0, 5, 1]], penalty: 50 }]);
    const state = new AssignmentState(model);
    for (let item = 0; item < 5; item++) state.place(item, model.arcStart[item]!);
    expect(cancelTransferCycles(state, Infinity, () => 0)).toBe(true);
    expect(Array.from(state.itemArc, (arc) => (arc === -1 ? -1 : model.arcBin[arc]))).toEqual([1, 2, 3, 4, 5, 0]);
    expect(state.objective).toBeCloseTo(5 * 7 + 5, 9);
  });

  it('leave a cheaper rotation alone when it would make two courts send cases to each other', () => {
    // The ring of three, plus a pinned case from court 0 at court 1: case 2 (from court 1) may not go to court 0.
    const cases: ItemSpec[] = [
      { arcs: [[0, 10, 1], [1, 5, 1]], penalty: 1_000 },
      { arcs: [[1, 10, 1], [2, 5, 1]], penalty: 1_000 },
      { arcs: [[2, 10, 1], [0, 5, 1]], penalty: 1_000, origin: 1 },
      { arcs: [[1, 0, 1]], penalty: 1_000, pinnedTo: 0, origin: 0 },
    ];
    const model = genericModel([1, 2, 1], cases, { forbidReciprocal: true });
    const state = everyCaseAtHome(model);
    const before = state.objective;
    expect(cancelTransferCycles(state, Infinity, () => 0)).toBe(false);
    expect(state.objective).toBe(before);
    expect(assignmentViolations(model, state.itemArc)).toEqual([]);
  });

  it('keep every rule and never raise the objective, whatever the workloads, overload and start', () => {
    fc.assert(
      fc.property(sketchesWithPrices, ([sketch, price]) => {
        const model = modelOf(sketch);
        const state = startPlan(model, price);
        const feasibleBefore = assignmentViolations(model, state.itemArc).filter((violation) => !violation.includes('must be assigned'));
        fc.pre(feasibleBefore.length === 0);
        const before = state.refreshObjective();
        const improved = cancelTransferCycles(state, Infinity, () => 0);
        const violations = assignmentViolations(model, state.itemArc).filter((violation) => !violation.includes('must be assigned'));
        expect(violations).toEqual([]);
        const after = state.refreshObjective();
        expect(after).toBeLessThanOrEqual(before + 1e-9);
        expect(improved).toBe(after < before - 1e-9);
      }),
      { seed: 20261128, numRuns: 300 },
    );
  });

  it('end at the optimum when every case has workload 1 (no negative cycle left means optimal)', () => {
    fc.assert(
      fc.property(sketchesWithPrices, ([sketch, price]) => {
        const model = modelOf(unitWorkloads(sketch));
        const optimum = enumeratedOptimum(model);
        fc.pre(Number.isFinite(optimum));
        const state = startPlan(model, price);
        fc.pre(assignmentViolations(model, state.itemArc).every((violation) => violation.includes('must be assigned')));
        cancelTransferCycles(state, Infinity, () => 0);
        expect(assignmentViolations(model, state.itemArc)).toEqual([]);
        expect(assignmentObjective(model, state.itemArc)).toBeCloseTo(optimum, 6);
      }),
      { seed: 20261129, numRuns: 300 },
    );
  });
});
