import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentObjective, assignmentViolations, pairIndex } from '../../solver/core/assignmentModel.js';
import { orientModel, orientationOf } from '../../solver/core/pairOrientation.js';
import { genericModel as model, type ItemSpec } from '../support/genericModels.js';

describe('orienting court pairs', () => {
  // Bins 0, 1, 2 are also the origins. Item 2 is pinned to its 0→1 arc.
  const m = model([3, 3, 3], [
    { arcs: [[1, 4, 1], [2, 6, 1]], penalty: 50, origin: 0 },
    { arcs: [[0, 3, 1], [2, 5, 1]], penalty: 50, origin: 1 },
    { arcs: [[2, 1, 1], [1, 2, 1]], penalty: 50, origin: 0, pinnedTo: 1 },
    { arcs: [[0, 7, 1]], penalty: 50, origin: 2 },
  ], { forbidReciprocal: true });

  it('closing (0, 1) drops every arc from origin 0 to bin 1 except a pinned one, and maps arcs both ways', () => {
    const oriented = orientModel(m, new Set([pairIndex(m, 0, 1)]));
    expect(Array.from(oriented.originalArc)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Array.from(oriented.restrictedArc)).toEqual([-1, 0, 1, 2, 3, 4, 5]);
    expect(Array.from(oriented.model.arcStart)).toEqual([0, 1, 3, 5, 6]);
    expect(Array.from(oriented.model.arcBin)).toEqual([2, 0, 2, 2, 1, 0]);
    expect(Array.from(oriented.model.arcCost)).toEqual([6, 3, 5, 1, 2, 7]);
    expect(Array.from(oriented.model.itemPinnedArc)).toEqual([-1, -1, 4, -1]);
  });

  it('a plan that uses a pair both ways keeps the direction carrying more open', () => {
    // 0→1 carries items 0 and 2 (penalties 50 + 50), 1→0 item 1 (50): only 1→0 closes.
    expect([...orientationOf(m, Int32Array.from([0, 2, 5, -1]))]).toEqual([pairIndex(m, 1, 0)]);
    const lighter = model([3, 3], [
      { arcs: [[1, 0, 1]], penalty: 10, origin: 0 },
      { arcs: [[0, 0, 1]], penalty: 40, origin: 1 },
    ], { forbidReciprocal: true });
    expect([...orientationOf(lighter, Int32Array.from([0, 1]))]).toEqual([pairIndex(lighter, 0, 1)]);
  });

  it('a plan closes the reverse of each pair it uses', () => {
    const plan = Int32Array.from([0, -1, 5, 6]); // 0→1, out, 0→1 (pinned), 2→0
    expect([...orientationOf(m, plan)].sort((a, b) => a - b)).toEqual([pairIndex(m, 0, 2), pairIndex(m, 1, 0)].sort((a, b) => a - b));
  });

  it('property: a plan keeps every rule and its objective in the model oriented by itself', () => {
    const item = fc.record({
      arcs: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 20 }), fc.integer({ min: 1, max: 2 })), { minLength: 1, maxLength: 3, selector: ([bin]) => bin }),
      penalty: fc.integer({ min: 5, max: 60 }),
      origin: fc.integer({ min: 0, max: 3 }),
    });
    fc.assert(fc.property(fc.array(item, { minLength: 1, maxLength: 8 }), fc.array(fc.integer({ min: -1, max: 2 }), { minLength: 8, maxLength: 8 }), (items: ItemSpec[], choices) => {
      const original = model([3, 3, 3, 3], items, { forbidReciprocal: true });
      const plan = Int32Array.from(items, (spec, index) => (choices[index]! === -1 || choices[index]! >= spec.arcs.length ? -1 : original.arcStart[index]! + choices[index]!));
      if (assignmentViolations(original, plan).length > 0) return;
      const oriented = orientModel(original, orientationOf(original, plan));
      const there = plan.map((arc) => (arc === -1 ? -1 : oriented.restrictedArc[arc]!));
      expect(there.every((arc) => arc >= -1)).toBe(true); // no arc of the plan was dropped
      expect(assignmentViolations(oriented.model, there)).toEqual([]);
      expect(assignmentObjective(oriented.model, there)).toBe(assignmentObjective(original, plan));
      expect(Array.from(there, (arc) => (arc === -1 ? -1 : oriented.originalArc[arc]!))).toEqual(Array.from(plan));
    }), { seed: 7, numRuns: 300 });
  });
});
