import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentObjective, assignmentViolations, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { BinRepacking } from '../../solver/core/binRepacking.js';
import { insertByChains } from '../../solver/core/ejectionChains.js';
import { improveByHeavyMoves, moveHeavyItems } from '../../solver/core/heavyItemMoves.js';
import { greedyFill, improveLocally } from '../../solver/core/primalHeuristics.js';
import { cancelTransferCycles } from '../../solver/core/transferCycles.js';
import { genericModel } from '../support/genericModels.js';
import { enumeratedOptimum, modelOf, sketchesWithPrices, type Sketch } from '../support/modelSketches.js';

const never = Infinity;
const clock = () => 0;

/** A start plan: a greedy fill at some prices (pins first). */
function startPlan(model: AssignmentModel, price: Float64Array): AssignmentState {
  const state = new AssignmentState(model);
  greedyFill(state, price, Float64Array.from({ length: model.itemCount }, (_, item) => item));
  return state;
}

/** The sketch with each item sent from a court of the model (its origin), under reciprocity forbidden or a pair limit of one. */
function withPairRules(sketch: Sketch, rule: 'forbid' | 'pairLimit'): AssignmentModel {
  const model = modelOf(sketch);
  return {
    ...model,
    originStart: Int32Array.from({ length: model.itemCount + 1 }, (_, item) => item),
    originBin: Int32Array.from({ length: model.itemCount }, (_, item) => item % model.binCount),
    originCount: new Int32Array(model.itemCount).fill(1),
    forbidReciprocal: rule === 'forbid',
    pairLimit: rule === 'pairLimit' ? 1 : null,
  };
}

const withoutMustAssign = (violations: string[]) => violations.filter((violation) => !violation.includes('must be assigned'));

/** A plan's objective as the state counts it (a must-assign item left out at a finite ceiling, so that plans missing one still compare). */
function stateObjective(model: AssignmentModel, itemArc: Int32Array): number {
  const state = new AssignmentState(model);
  itemArc.forEach((arc, item) => arc !== -1 && state.place(item, arc));
  return state.refreshObjective();
}

describe('heavy moves', () => {
  it('take a double case into a full court whose two unit cases must move on, a step no single move, chain, repacking or cycle takes', () => {
    // Court 0 holds the double case (cost 10; 0 at court 1); court 1 is full with two unit cases (0 there, 1 at court 2, which is empty).
    const model = genericModel([2, 2, 2], [
      { arcs: [[0, 10, 2], [1, 0, 2]], penalty: 1_000 },
      { arcs: [[1, 0, 1], [2, 1, 1]], penalty: 1_000 },
      { arcs: [[1, 0, 1], [2, 1, 1]], penalty: 1_000 },
    ]);
    const state = new AssignmentState(model);
    [0, 2, 4].forEach((arc, item) => state.place(item, arc));
    const order = Int32Array.from([0, 1, 2]);
    improveLocally(state, order, never, clock);
    insertByChains(state, never, clock);
    new BinRepacking(model).improve(state, never, clock);
    cancelTransferCycles(state, never, clock);
    expect(state.refreshObjective()).toBe(10); // why the heavy moves are needed: every other neighbourhood is stuck
    expect(moveHeavyItems(state, new AssignmentState(model), order, never, clock)).toBe(true);
    expect(Array.from(state.itemArc, (arc) => model.arcBin[arc])).toEqual([1, 2, 2]);
    expect(state.refreshObjective()).toBe(enumeratedOptimum(model));
  });

  it('leave a target out when it lies beyond reach, and a pinned case where it is', () => {
    const model = genericModel([2, 2, 2], [
      { arcs: [[0, 10, 2], [1, 0, 2]], penalty: 1_000 },
      { arcs: [[1, 0, 1], [2, 1, 1]], penalty: 1_000 },
      { arcs: [[1, 0, 1], [2, 1, 1]], penalty: 1_000 },
    ]);
    const start = () => {
      const state = new AssignmentState(model);
      [0, 2, 4].forEach((arc, item) => state.place(item, arc));
      return state;
    };
    const order = Int32Array.from([0, 1, 2]);
    const plan = start().itemArc;
    expect(improveByHeavyMoves(model, plan, () => () => true, { seed: 'reach', clock }, never)?.objective).toBe(2);
    expect(improveByHeavyMoves(model, plan, () => (item, arc) => !(item === 0 && arc === 1), { seed: 'reach', clock }, never)).toBeNull();
    const pinned = { ...model, itemPinnedArc: Int32Array.from([0, -1, -1]) };
    const state = new AssignmentState(pinned);
    [0, 2, 4].forEach((arc, item) => state.place(item, arc));
    expect(moveHeavyItems(state, new AssignmentState(pinned), order, never, clock)).toBe(false);
    expect(state.itemArc[0]).toBe(0);
  });

  it('keep every rule and never raise the objective, whatever the workloads, overload, pair rules and start', () => {
    fc.assert(
      fc.property(sketchesWithPrices, fc.constantFrom('none', 'forbid', 'pairLimit'), ([sketch, price], rule) => {
        const model = rule === 'none' ? modelOf(sketch) : withPairRules(sketch, rule);
        const state = startPlan(model, price);
        fc.pre(withoutMustAssign(assignmentViolations(model, state.itemArc)).length === 0);
        const before = state.refreshObjective();
        const order = Int32Array.from({ length: model.itemCount }, (_, item) => item);
        const improved = moveHeavyItems(state, new AssignmentState(model), order, never, clock);
        expect(withoutMustAssign(assignmentViolations(model, state.itemArc))).toEqual([]);
        const after = stateObjective(model, state.itemArc);
        expect(after).toBeCloseTo(state.refreshObjective(), 6);
        expect(after).toBeLessThanOrEqual(before + 1e-9);
        expect(improved).toBe(after < before - 1e-9);
        // The passes from a plan: a better plan that keeps the rules, or none.
        const passes = improveByHeavyMoves(model, state.itemArc, () => () => true, { seed: 'heavy', clock }, never);
        if (passes) {
          expect(withoutMustAssign(assignmentViolations(model, passes.itemArc))).toEqual([]);
          expect(passes.objective).toBeCloseTo(stateObjective(model, passes.itemArc), 6);
          expect(passes.objective).toBeLessThan(after);
          const objective = assignmentObjective(model, passes.itemArc);
          if (Number.isFinite(objective)) expect(objective).toBeGreaterThanOrEqual(enumeratedOptimum(model) - 1e-9);
        }
      }),
      { seed: 20261130, numRuns: 300 },
    );
  });
});
