import { describe, expect, it } from 'vitest';
import { assignmentObjective, assignmentViolations } from '../../solver/core/assignmentModel.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { BinRepacking } from '../../solver/core/binRepacking.js';
import { insertByChains } from '../../solver/core/ejectionChains.js';
import { placeLeftOut } from '../../solver/core/primalHeuristics.js';
import { ReciprocityFlips } from '../../solver/core/reciprocityFlips.js';
import { genericModel as model, type ItemSpec } from '../support/genericModels.js';

const never = () => 0;

describe('bin repacking', () => {
  it('takes four unit items in place of two double ones when they are worth more', () => {
    const m = model([4], [
      { arcs: [[0, 0, 2]], penalty: 300 },
      { arcs: [[0, 0, 2]], penalty: 300 },
      ...Array.from({ length: 4 }, () => ({ arcs: [[0, 0, 1]] as ItemSpec['arcs'], penalty: 200 })),
    ]);
    const state = new AssignmentState(m);
    state.place(0, 0);
    state.place(1, 1);
    expect(insertByChains(state, Infinity, never)).toBe(false); // no single eviction pays
    expect(new BinRepacking(m).improve(state, Infinity, never)).toBe(true);
    expect(Array.from(state.itemArc)).toEqual([-1, -1, 2, 3, 4, 5]);
    expect(state.refreshObjective()).toBe(600);
    expect(assignmentViolations(m, state.itemArc)).toEqual([]);
  });
});

describe('left-out placement', () => {
  it('places a left-out case on its best court with room, past the cheapest four the chains try, and keeps the rules', () => {
    // Courts 0–3 are full of pinned cases; courts 4 and 5 have room, but a case from court 5 goes to
    // court 1, so case 6, from court 1, may not go to court 5 (reciprocity forbidden).
    const pinnedAt = (bin: number, origin: number): ItemSpec => ({ arcs: [[bin, 0, 1]], penalty: 100, pinnedTo: 0, origin });
    const m = model([1, 1, 1, 1, 2, 2], [
      pinnedAt(0, 4),
      pinnedAt(1, 5),
      pinnedAt(2, 4),
      pinnedAt(3, 4),
      { arcs: [[0, 1, 1], [1, 2, 1], [2, 3, 1], [3, 4, 1], [4, 9, 1]], penalty: 1_000 }, // 4: only court 4 has room
      { arcs: [[4, 50, 1]], penalty: 20 }, // 5: cheaper out than placed
      { arcs: [[5, 3, 1], [4, 7, 1]], penalty: 1_000, origin: 1 }, // 6: court 5 → court 1 is used, so 1 → 5 is closed
    ], { forbidReciprocal: true });
    const state = new AssignmentState(m);
    for (let item = 0; item < 4; item++) state.place(item, m.itemPinnedArc[item]!);
    expect(insertByChains(state, Infinity, never, [4])).toBe(false); // its four cheapest courts are full of pinned cases
    expect(placeLeftOut(state)).toBe(true);
    expect(state.itemArc[4]).toBe(8); // court 4
    expect(state.itemArc[5]).toBe(-1);
    expect(state.itemArc[6]).toBe(11); // court 4, not the cheaper court 5
    expect(assignmentViolations(m, state.itemArc)).toEqual([]);
    expect(state.refreshObjective()).toBe(assignmentObjective(m, state.itemArc));
    expect(placeLeftOut(state)).toBe(false);
  });
});

describe('ejection chains', () => {
  it('moves a member to its other bin to make room for a left-out item', () => {
    const m = model([1, 1], [
      { arcs: [[0, 1, 1], [1, 5, 1]], penalty: 100 },
      { arcs: [[0, 1, 1]], penalty: 100 },
    ]);
    const state = new AssignmentState(m);
    state.place(0, 0);
    expect(insertByChains(state, Infinity, never)).toBe(true);
    expect(Array.from(state.itemArc)).toEqual([1, 2]);
    expect(state.refreshObjective()).toBe(assignmentObjective(m, state.itemArc));
  });
});

describe('set evictions', () => {
  it('moves several members out together for a case only a full court can take, when no one member frees enough', () => {
    // Court 0 (room 4) holds P (2, out for 300), Q (1, out for 50) and R (1, out for 400); X (3) can go
    // only there and is out for 1,000. No member weighs 3; P and Q together free 3 for 350.
    const m = model([4, 1], [
      { arcs: [[0, 0, 2]], penalty: 300 },
      { arcs: [[0, 0, 1], [1, 0, 1]], penalty: 50 },
      { arcs: [[0, 0, 1], [1, 0, 1]], penalty: 400 },
      { arcs: [[0, 0, 3]], penalty: 1_000 },
      { arcs: [[1, 0, 1]], penalty: 1_000 },
    ]);
    const state = new AssignmentState(m);
    state.place(0, 0);
    state.place(1, 1);
    state.place(2, 3);
    state.place(4, 6);
    expect(state.refreshObjective()).toBe(1_000);
    expect(insertByChains(state, Infinity, never)).toBe(true);
    expect(Array.from(state.itemArc)).toEqual([-1, -1, 3, 5, 6]);
    expect(state.refreshObjective()).toBe(350);
    expect(assignmentViolations(m, state.itemArc)).toEqual([]);
  });
});

describe('reciprocity flips', () => {
  it('turns a pair around when the other direction is worth more, and rolls back when not', () => {
    // Bins 0 and 1 are also the origins: item 0 goes 0→1 (saves 10); items 1, 2 would go 1→0 (save 50 each).
    const m = model([5, 5], [
      { arcs: [[1, 0, 1]], penalty: 10, origin: 0 },
      { arcs: [[0, 0, 1]], penalty: 50, origin: 1 },
      { arcs: [[0, 0, 1]], penalty: 50, origin: 1 },
    ], { forbidReciprocal: true });
    const state = new AssignmentState(m);
    state.place(0, 0);
    expect(state.canPlace(1, 1)).toBe(false);
    const flips = new ReciprocityFlips(m);
    expect(flips.improve(state, Infinity, never)).toBe(true);
    expect(Array.from(state.itemArc)).toEqual([-1, 1, 2]);
    expect(assignmentViolations(m, state.itemArc)).toEqual([]);
    expect(flips.improve(state, Infinity, never)).toBe(false);
    expect(Array.from(state.itemArc)).toEqual([-1, 1, 2]);
  });
});
