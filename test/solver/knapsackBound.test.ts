import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolvePolicy } from '../../schemas/index.js';
import { solveAssignmentModel } from '../../solver/core/coreSolve.js';
import { modelFromCourtInstance } from '../../solver/core/fromCourtInstance.js';
import { knapsackBound } from '../../solver/core/knapsackBound.js';
import { KnapsackPriceSearch } from '../../solver/core/knapsackPriceSearch.js';
import { evaluateDual } from '../../solver/core/lagrangianBound.js';
import { seededGenerator } from '../../solver/seededRandom.js';
import { buildCourtContext } from '../../solver/courtContext.js';
import { compileInstance } from '../../solver/instance.js';
import { bruteForceOptimum } from '../support/bruteForce.js';
import { genericModel } from '../support/genericModels.js';
import { benchmarkModel } from '../support/benchmarkModels.js';
import { enumeratedOptimum, modelOf, sketchesWithPrices } from '../support/modelSketches.js';
import { randomFrom, tinyRequest } from '../support/tinyRequests.js';

describe('the knapsack bound (full bins as integer knapsacks)', () => {
  it('is never above the optimum and never below the price bound, whatever the prices', () => {
    fc.assert(
      fc.property(sketchesWithPrices, ([sketch, price]) => {
        const model = modelOf(sketch);
        const optimum = enumeratedOptimum(model);
        const bound = knapsackBound(model, price);
        // Tolerances scale with finite values only: an infinite bound must not excuse itself.
        const scale = Math.max(1, Number.isFinite(optimum) ? Math.abs(optimum) : 0);
        if (Number.isFinite(optimum)) expect(bound).toBeLessThanOrEqual(optimum + 1e-9 * scale);
        // A must-assign item without arcs: no plan, both bounds unbounded.
        const priceBound = evaluateDual(model, price).bound;
        if (Number.isFinite(priceBound)) expect(bound).toBeGreaterThanOrEqual(priceBound - 1e-9 * scale);
      }),
      { seed: 20261127, numRuns: 400 },
    );
  });

  it('stays true on court models whose candidates are the nearest only (floors on the omitted courts)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 3 }), (seed, cases, nearest) => {
        const request = tinyRequest(randomFrom(`knapsack-${seed}`), cases);
        const optimum = bruteForceOptimum(request);
        if (optimum === null) return;
        const deciding = request.decidingCourtId!;
        const policy = resolvePolicy(request.policy, { today: '2026-01-01', decidingLevel: request.courts.find((court) => court.id === deciding)!.level });
        const model = modelFromCourtInstance(compileInstance(buildCourtContext(request, policy, deciding), '0', { exhaustivePairs: 0, nearest }));
        const random = randomFrom(`prices-${seed}`);
        for (let trial = 0; trial < 30; trial++) {
          const price = Float64Array.from({ length: model.binCount }, () => (random() < 0.4 ? 0 : random() * 5_000_000));
          expect(knapsackBound(model, price)).toBeLessThanOrEqual(optimum + 1e-9 * Math.max(1, Math.abs(optimum)));
        }
      }),
      { seed: 1127, numRuns: 400 },
    );
  });

  /**
   * Court 0 (room for 3, priced 50) and court 1 (room for `secondRoom`, priced 30); two cases of weight
   * 2 that only court 0 takes, left out for `pairPenalty`; a third case cheapest at court 1 (30) and next
   * at court 0 (5 + 50): raised to 55, it would take court 0's odd unit at no loss, and court 0's
   * knapsack would give back all that the raises there won.
   */
  const twoFullCourts = (pairPenalty: number, secondRoom: number) =>
    modelOf({
      bins: [
        { capacity: 3, softShare: 1 },
        { capacity: secondRoom, softShare: 1 },
      ],
      items: [
        { penalty: pairPenalty, pinFirst: false, arcs: [{ bin: 0, cost: 0, weight: 2 }] },
        { penalty: pairPenalty, pinFirst: false, arcs: [{ bin: 0, cost: 0, weight: 2 }] },
        { penalty: 1_000, pinFirst: false, arcs: [{ bin: 1, cost: 0, weight: 1 }, { bin: 0, cost: 5, weight: 1 }] },
      ],
      overloadPerUnit: 0,
    });
  const twoFullCourtsPrice = Float64Array.of(50, 30);
  /** Court 1 this large cannot share one table with court 0 (4 × 100,001 load combinations): each keeps its own knapsack. */
  const apartRoom = 100_000;

  it('does not let a raised case fill another full court for free: the raise is skipped where it would', () => {
    const model = twoFullCourts(100, apartRoom);
    // Not raised: court 0 takes a 2 and the third case (25) at best: 230 − 30 − 125.
    expect(knapsackBound(model, twoFullCourtsPrice)).toBeCloseTo(75, 9);
    expect(enumeratedOptimum(model)).toBe(100);
  });

  it('still raises the cases whose next option is harmless when another raise would not pay', () => {
    // The pair's next option is leaving out (110, above their 100 at court 0): harmless to raise.
    const model = twoFullCourts(110, apartRoom);
    // Every raise: 275 − 160 − 55 = 60; none: 75; the two harmless ones: 250 − 135 − 30 = 85.
    expect(knapsackBound(model, twoFullCourtsPrice)).toBeCloseTo(85, 9);
    expect(enumeratedOptimum(model)).toBe(110);
  });

  it('takes two full courts that share cases as one knapsack: the loss neither sees alone', () => {
    // Court 1 holds one unit: the third case's two best options are both full courts. Joined, the table
    // sees that court 0 cannot take both of its pair and the third case raised to leaving out (1,000):
    // one of the pair stays out, the optimum itself.
    const model = twoFullCourts(100, 1);
    expect(enumeratedOptimum(model)).toBe(100);
    expect(evaluateDual(model, twoFullCourtsPrice).bound).toBeCloseTo(50, 9);
    expect(knapsackBound(model, twoFullCourtsPrice)).toBeCloseTo(100, 9);
    expect(knapsackBound(twoFullCourts(100, apartRoom), twoFullCourtsPrice)).toBeCloseTo(75, 9);
  });

  it('keeps a court exact that a case could reach through an omitted option, taking that case in at the floor', () => {
    // The joined courts above, each its own group of one family, and a fourth case that could reach an
    // omitted court of court 1's group for at least 39 (its floor) and pays 45 at court 2, its only arc:
    // credited 45, it could take court 1's unit at a profit of 6, so court 1's table must see it. Left
    // to its price instead, court 1 could not join court 0 (120).
    const model = genericModel(
      [3, 1, 5],
      [
        { arcs: [[0, 0, 2]], penalty: 100 },
        { arcs: [[0, 0, 2]], penalty: 100 },
        { arcs: [[1, 0, 1], [0, 5, 1]], penalty: 1_000 },
        { arcs: [[2, 45, 1]], penalty: 1_000 },
      ],
      {
        floorStart: Int32Array.of(0, 0, 0, 0, 1),
        floorCost: Float64Array.of(39),
        floorWeight: Float64Array.of(1),
        floorGroup: Int32Array.of(0),
        floorOutside: Uint8Array.of(1),
        binGroup: Int32Array.of(0, 1, -1),
        groupFamily: Int32Array.of(0, 0),
      },
    );
    const price = Float64Array.of(50, 30, 0);
    // 1,245 credited; the joined table takes 1,101 (one of the pair and the third case at court 0, the
    // fourth at court 1 through its floor).
    expect(knapsackBound(model, price)).toBeCloseTo(144, 9);
    expect(enumeratedOptimum(model)).toBe(145);
  });

  it('proves a full court optimal where the split bound cannot: two cases of weight 2, room for 3', () => {
    const model = modelOf({
      bins: [{ capacity: 3, softShare: 1 }],
      items: [
        { penalty: 100, pinFirst: false, arcs: [{ bin: 0, cost: 0, weight: 2 }] },
        { penalty: 100, pinFirst: false, arcs: [{ bin: 0, cost: 0, weight: 2 }] },
      ],
      overloadPerUnit: 0,
    });
    // Split, one and a half cases fit: the price bound cannot pass 50; one case must stay out: 100.
    const split = evaluateDual(model, Float64Array.of(50)).bound;
    expect(split).toBeCloseTo(50, 9);
    expect(knapsackBound(model, Float64Array.of(50))).toBeCloseTo(100, 9);
    const outcome = solveAssignmentModel(model, { timeLimitMs: 2_000, gapTolerance: 1e-9, seed: 's', clock: () => performance.now() });
    expect(outcome.objective).toBe(100);
    expect(outcome.lowerBound).toBeCloseTo(100, 9);
    expect(outcome.status).toBe('optimal');
  });
});

describe('the search for prices with a higher knapsack bound', () => {
  it('only ever raises the bound, and never above the optimum', () => {
    let raised = 0;
    fc.assert(
      fc.property(sketchesWithPrices, ([sketch, price]) => {
        const model = modelOf(sketch);
        const optimum = enumeratedOptimum(model);
        const atStart = knapsackBound(model, price);
        const searched = new KnapsackPriceSearch(model, seededGenerator('search')).improve(price, 30, Infinity);
        const scale = Math.max(1, Number.isFinite(optimum) ? Math.abs(optimum) : 0);
        if (Number.isFinite(optimum)) expect(searched).toBeLessThanOrEqual(optimum + 1e-9 * scale);
        if (Number.isFinite(atStart)) expect(searched).toBeGreaterThanOrEqual(atStart);
        if (searched > atStart + 1e-9 * scale) raised++;
      }),
      { seed: 20261128, numRuns: 200 },
    );
    expect(raised).toBeGreaterThan(0);
  });

  it('lets the core prove the 300-case benchmark instance, compiled as benchmarked and solved with seed 0, optimal to 1e-6 (the split bound leaves 3e-6)', () => {
    const { model } = benchmarkModel('small');
    const outcome = solveAssignmentModel(model, { timeLimitMs: 20_000, gapTolerance: 1e-6, seed: '0', clock: () => performance.now() });
    expect(outcome.gap).toBeLessThanOrEqual(1e-6);
    expect(evaluateDual(model, outcome.prices).bound).toBeLessThan(outcome.objective * (1 - 3e-6));
  });
});
