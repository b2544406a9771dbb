import { afterAll, describe, expect, it } from 'vitest';
import { assignmentViolations, type AssignmentModel } from '../../solver/core/assignmentModel.js';
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

  it('hands each task to exactly one side: the first to claim it', () => {
    const signal = new Int32Array(new SharedArrayBuffer(4 * control.length));
    expect(claimStep(signal, 1)).toBe(true);
    expect(claimStep(signal, 1)).toBe(false); // the other side finds it taken
    expect(claimStep(signal, 3)).toBe(false); // a task not yet asked for cannot be claimed ahead
    expect(claimStep(signal, 2)).toBe(true);
  });
});
