import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentObjective, assignmentViolations, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { placeByAugmentingPaths } from '../../solver/core/augmentingPaths.js';
import { insertByChains } from '../../solver/core/ejectionChains.js';
import { genericModel, type ItemSpec } from '../support/genericModels.js';

/**
 * A line of full bins 0..length-1 and an empty bin at the end: mover k sits in bin k and could also
 * go to bin k+1 (a little dearer); the newcomer can only take bin 0. Placing it takes a chain of
 * `length` moves, the last one into the empty bin.
 */
function line(length: number, moveCost: number, newcomerPenalty: number, moverWeight = 1): AssignmentModel {
  const movers: ItemSpec[] = Array.from({ length }, (_, mover) => ({ arcs: [[mover, 10, moverWeight], [mover + 1, 10 + moveCost, moverWeight]], penalty: 1_000_000 }));
  return genericModel(new Array<number>(length + 1).fill(Math.max(1, moverWeight)), [...movers, { arcs: [[0, 5, 1]], penalty: newcomerPenalty }]);
}

/** Every mover in its own bin, the newcomer left out. */
function moversPlaced(model: AssignmentModel, length: number): AssignmentState {
  const state = new AssignmentState(model);
  for (let mover = 0; mover < length; mover++) state.place(mover, model.arcStart[mover]!);
  return state;
}

describe('augmenting paths', () => {
  it('go around a move the reciprocity rule refuses, where the cheapest path would have been refused whole', () => {
    // X can only take court 0, where A sits. A's cheapest way on is court 1, but A comes from court 3 and
    // B, from court 1, is at court 3: A → 1 would carry cases both ways between courts 1 and 3.
    const model = genericModel([1, 1, 1, 1], [
      { arcs: [[0, 10, 1]], penalty: 1_000 }, // X
      { arcs: [[0, 0, 1], [1, 1, 1], [2, 5, 1]], penalty: 1_000, origin: 3 }, // A
      { arcs: [[3, 0, 1]], penalty: 1_000, origin: 1, pinnedTo: 0 }, // B
    ], { forbidReciprocal: true });
    const state = new AssignmentState(model);
    state.place(1, model.arcStart[1]!);
    state.place(2, model.arcStart[2]!);
    expect(placeByAugmentingPaths(state, Infinity, () => 0)).toBe(true);
    expect(Array.from(state.itemArc, (arc) => (arc === -1 ? -1 : model.arcBin[arc]!))).toEqual([0, 2, 3]);
    expect(assignmentViolations(model, state.itemArc)).toEqual([]);
    expect(state.refreshObjective()).toBe(assignmentObjective(model, state.itemArc));
  });

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

  it('search only the left-out items asked for (a what-if re-solve: those the neighbouring search did not settle)', () => {
    const model = line(6, 1, 100_000);
    const skipped = moversPlaced(model, 6);
    expect(placeByAugmentingPaths(skipped, Infinity, () => 0, (item) => item !== 6)).toBe(false);
    expect(skipped.itemArc[6]).toBe(-1);
    const asked = moversPlaced(model, 6);
    expect(placeByAugmentingPaths(asked, Infinity, () => 0, (item) => item === 6)).toBe(true);
    expect(asked.itemArc[6]).not.toBe(-1);
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
  it('make room for a heavy case by pushing out a cheaper one at the end of a path, when no court with room is reachable', () => {
    // Bin 0 (room 2) holds x and y (weight 1 each); bin 1 (room 1) holds z, which has no other court;
    // bin 2 (room 1) is empty. w (weight 2, penalty 50,000) can only take bin 0: y moves to bin 2, x to
    // bin 1, and z (penalty 1,000) goes out. As sample tiny-104 needed: the core stayed 1.3 % above it.
    const model = genericModel([2, 1, 1], [
      { arcs: [[0, 10, 1], [1, 40, 1]], penalty: 30_000 }, // x
      { arcs: [[0, 10, 1], [2, 20, 1]], penalty: 30_000 }, // y
      { arcs: [[1, 10, 1]], penalty: 1_000 }, // z
      { arcs: [[0, 10, 2]], penalty: 50_000 }, // w
    ]);
    const state = new AssignmentState(model);
    state.place(0, 0);
    state.place(1, 2);
    state.place(2, 4);
    expect(placeByAugmentingPaths(state, Infinity, () => 0)).toBe(true);
    expect(Array.from(state.itemArc)).toEqual([1, 3, -1, 5]);
    expect(assignmentViolations(model, state.itemArc)).toEqual([]);
    expect(state.refreshObjective()).toBe(40 + 20 + 1_000 + 10);
  });
});
