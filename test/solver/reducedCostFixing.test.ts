import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assignmentViolations } from '../../solver/core/assignmentModel.js';
import { solveAssignmentModel } from '../../solver/core/coreSolve.js';
import { arcsWithinReach } from '../../solver/core/reducedCostFixing.js';
import { benchmarkModel } from '../support/benchmarkModels.js';
import { feasiblePlans, modelOf, sketchesWithPrices } from '../support/modelSketches.js';

describe('reduced-cost fixing', () => {
  it('never drops an arc of a plan as good as the incumbent, whatever the prices, and does drop arcs', () => {
    let dropped = 0;
    fc.assert(
      fc.property(sketchesWithPrices, fc.nat(), ([sketch, price], pick) => {
        const model = modelOf(sketch);
        const plans = feasiblePlans(model);
        if (plans.length === 0) return;
        // The incumbent: some feasible plan's objective, as a search would hold one.
        const incumbent = plans[pick % plans.length]!.objective;
        const keep = arcsWithinReach(model, price, incumbent);
        for (const plan of plans) {
          if (plan.objective > incumbent) continue;
          plan.itemArc.forEach((arc, item) => {
            if (arc !== -1 && model.itemPinnedArc[item] !== arc) expect(keep(item, arc)).toBe(true);
          });
        }
        for (let item = 0; item < model.itemCount; item++) {
          for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) if (!keep(item, arc)) dropped++;
        }
      }),
      { seed: 20261128, numRuns: 400 },
    );
    expect(dropped).toBeGreaterThan(0);
  });

  it('certifies the 300-case benchmark instance to 1e-6 with its own seed, where the search alone stops at 1.2e-6', () => {
    const { request, model } = benchmarkModel('small');
    const outcome = solveAssignmentModel(model, { timeLimitMs: 20_000, gapTolerance: 1e-6, seed: request.options!.seed!, clock: () => performance.now() });
    expect(assignmentViolations(model, outcome.itemArc)).toEqual([]);
    expect(outcome.gap).toBeLessThanOrEqual(1e-6);
  });
});
