import fc from 'fast-check';
import { assignmentObjective, assignmentViolations, type AssignmentModel } from '../../solver/core/assignmentModel.js';
import { genericModel, type ItemSpec } from './genericModels.js';

/** Random small generic models for property tests: a sketch of bins and items, read by `modelOf`. */
export interface Sketch {
  bins: { capacity: number; softShare: number }[];
  items: { penalty: number | null; pinFirst: boolean; arcs: { bin: number; cost: number; weight: number }[] }[];
  overloadPerUnit: number;
}

/** A generic model from a sketch: integer weights, some items must be assigned (penalty null), some pinned to their first arc. */
export function modelOf(sketch: Sketch): AssignmentModel {
  const items: ItemSpec[] = sketch.items.map((item) => {
    const arcs = item.arcs.filter((arc, index) => item.arcs.findIndex((other) => other.bin === arc.bin) === index);
    return { arcs: arcs.map(({ bin, cost, weight }) => [bin, cost, weight]), penalty: item.penalty ?? Infinity, ...(item.pinFirst && arcs.length > 0 ? { pinnedTo: 0 } : {}) };
  });
  return genericModel(sketch.bins.map((bin) => bin.capacity), items, {
    binSoftCapacity: Float64Array.from(sketch.bins, (bin) => bin.capacity * bin.softShare),
    overloadPerUnit: sketch.overloadPerUnit,
  });
}

/** Every assignment that keeps the rules, with its objective, by trying them all. */
export function feasiblePlans(model: AssignmentModel): { itemArc: Int32Array; objective: number }[] {
  const plans: { itemArc: Int32Array; objective: number }[] = [];
  const itemArc = new Int32Array(model.itemCount).fill(-1);
  const visit = (item: number) => {
    if (item === model.itemCount) {
      if (assignmentViolations(model, itemArc).length === 0) plans.push({ itemArc: Int32Array.from(itemArc), objective: assignmentObjective(model, itemArc) });
      return;
    }
    for (let arc = model.arcStart[item]! - 1; arc < model.arcStart[item + 1]!; arc++) {
      itemArc[item] = arc < model.arcStart[item]! ? -1 : arc;
      visit(item + 1);
    }
  };
  visit(0);
  return plans;
}

/** The optimum by trying every assignment; Infinity when none keeps the rules. */
export function enumeratedOptimum(model: AssignmentModel): number {
  return feasiblePlans(model).reduce((least, plan) => Math.min(least, plan.objective), Infinity);
}

export const sketches: fc.Arbitrary<Sketch> = fc.integer({ min: 1, max: 3 }).chain((binCount) =>
  fc.record({
    bins: fc.array(fc.record({ capacity: fc.integer({ min: 0, max: 9 }), softShare: fc.constantFrom(1, 0.8, 0.5) }), { minLength: binCount, maxLength: binCount }),
    items: fc.array(
      fc.record({
        penalty: fc.option(fc.integer({ min: 1, max: 400 }), { nil: null, freq: 4 }),
        pinFirst: fc.integer({ min: 0, max: 4 }).map((draw) => draw === 0),
        arcs: fc.array(fc.record({ bin: fc.integer({ min: 0, max: binCount - 1 }), cost: fc.integer({ min: 0, max: 100 }), weight: fc.integer({ min: 1, max: 5 }) }), { minLength: 0, maxLength: binCount }),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    overloadPerUnit: fc.constantFrom(0, 3, 20),
  }),
);

export const prices = (binCount: number) => fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0, max: 200, noNaN: true })), { minLength: binCount, maxLength: binCount }).map((values) => Float64Array.from(values));

export const sketchesWithPrices = sketches.chain((sketch) => fc.tuple(fc.constant(sketch), prices(sketch.bins.length)));
