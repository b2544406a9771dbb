import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentObjective, assignmentViolations, noFloors, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { placeByAugmentingPaths } from '../../solver/core/augmentingPaths.js';
import { insertByChains } from '../../solver/core/ejectionChains.js';

/**
 * A line of full bins 0..length-1 and an empty bin at the end: mover k sits in bin k and could also
 * go to bin k+1 (a little dearer); the newcomer can only take bin 0. Placing it takes a chain of
 * `length` moves, the last one into the empty bin.
 */
function line(length: number, moveCost: number, newcomerPenalty: number, moverWeight = 1): AssignmentModel {
  const binCount = length + 1;
  const itemCount = length + 1; // movers 0..length-1, newcomer = length
  const arcStart = new Int32Array(itemCount + 1);
  const arcBin: number[] = [];
  const arcCost: number[] = [];
  const arcWeight: number[] = [];
  for (let mover = 0; mover < length; mover++) {
    arcStart[mover] = arcBin.length;
    arcBin.push(mover, mover + 1);
    arcCost.push(10, 10 + moveCost);
    arcWeight.push(moverWeight, moverWeight);
  }
  arcStart[length] = arcBin.length;
  arcBin.push(0);
  arcCost.push(5);
  arcWeight.push(1);
  arcStart[itemCount] = arcBin.length;
  const binCapacity = new Float64Array(binCount).fill(Math.max(1, moverWeight));
  return {
    itemCount,
    binCount,
    arcStart,
    arcBin: Int32Array.from(arcBin),
    arcCost: Float64Array.from(arcCost),
    arcWeight: Float64Array.from(arcWeight),
    itemPenalty: Float64Array.from({ length: itemCount }, (_, item) => (item === length ? newcomerPenalty : 1_000_000)),
    itemPinnedArc: new Int32Array(itemCount).fill(-1),
    ...noFloors(itemCount, binCount),
    binCapacity,
    binSoftCapacity: Float64Array.from(binCapacity),
    overloadPerUnit: 0,
    constantCost: 0,
    originStart: new Int32Array(itemCount + 1),
    originBin: new Int32Array(0),
    originCount: new Int32Array(0),
    pairLimit: null,
    forbidReciprocal: false,
  };
}

/** Every mover in its own bin, the newcomer left out. */
function moversPlaced(model: AssignmentModel, length: number): AssignmentState {
  const state = new AssignmentState(model);
  for (let mover = 0; mover < length; mover++) state.place(mover, model.arcStart[mover]!);
  return state;
}

describe('augmenting paths', () => {
  it('place a left-out case through a chain of moves longer than ejection chains reach, keeping every rule', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 50 }), (length, moveCost) => {
        const model = line(length, moveCost, 100_000);
        const state = moversPlaced(model, length);
        const before = state.objective;
        expect(placeByAugmentingPaths(state, Infinity, () => 0)).toBe(true);
        expect(state.itemArc[length]).not.toBe(-1);
        expect(assignmentViolations(model, state.itemArc)).toEqual([]);
        // The path's whole price: the newcomer in, each mover one bin on.
        expect(assignmentObjective(model, state.itemArc)).toBeCloseTo(before - 100_000 + 5 + length * moveCost, 6);
      }),
      { seed: 20261127, numRuns: 60 },
    );
    // The short chains alone stop at three levels.
    const long = line(8, 1, 100_000);
    const chained = moversPlaced(long, 8);
    insertByChains(chained, Infinity, () => 0);
    expect(chained.itemArc[8]).toBe(-1);
  });

  it('leave the case out when the chain costs more than leaving it out, or when no room can be reached', () => {
    const dear = line(10, 50, 400);
    const state = moversPlaced(dear, 10);
    expect(placeByAugmentingPaths(state, Infinity, () => 0)).toBe(false);
    expect(state.itemArc[10]).toBe(-1);
    // Movers too heavy for the room at the end: no move is applied at all.
    const heavy = line(4, 1, 100_000, 2);
    heavy.binCapacity[4] = 1;
    const stuck = moversPlaced(heavy, 4);
    const before = Int32Array.from(stuck.itemArc);
    expect(placeByAugmentingPaths(stuck, Infinity, () => 0)).toBe(false);
    expect(stuck.itemArc).toEqual(before);
  });
});
