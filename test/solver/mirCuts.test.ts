import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DualSimplex } from '../../solver/exact/dualSimplex.js';
import type { LpModelSpec } from '../../solver/exact/lpSolverAdapter.js';
import { mirCuts, mixedKnapsackRows } from '../../solver/exact/mirCuts.js';
import { sparseProgramOf, withRows, type AppendedRow, type SparseProgram } from '../../solver/exact/sparseProgram.js';

/**
 * Random courts with soft capacities: up to 10 cases (0-1 columns x{case}_{court}, each case at most
 * one court), each court's soft row Σ workload·x − o{court} ≤ share × capacity with its own overload
 * column, workloads whole or halves, now and then a hard capacity row as well.
 */
const softCapacityPrograms = fc
  .record({
    cases: fc.array(fc.record({ value: fc.integer({ min: 5, max: 40 }), workload: fc.integer({ min: 2, max: 10 }).map((twice) => twice / 2), courts: fc.subarray([0, 1, 2], { minLength: 1, maxLength: 2 }) }), { minLength: 2, maxLength: 6 }),
    courts: fc.array(fc.record({ softLimit: fc.integer({ min: 1, max: 60 }).map((tenths) => tenths / 10 + 0.05), hard: fc.option(fc.integer({ min: 3, max: 9 })), overloadCost: fc.integer({ min: 1, max: 30 }) }), { minLength: 3, maxLength: 3 }),
  })
  .map(({ cases, courts }): LpModelSpec => {
    const variables: LpModelSpec['variables'] = {};
    const binaries: string[] = [];
    cases.forEach(({ value, workload, courts: reachable }, item) => {
      for (const court of reachable) {
        const name = `x${item}_${court}`;
        variables[name] = { cost: -value, [`a${item}`]: 1, [`s${court}`]: workload, ...(courts[court]!.hard === null ? {} : { [`k${court}`]: workload }) };
        binaries.push(name);
      }
    });
    const constraints: LpModelSpec['constraints'] = {};
    cases.forEach((_, item) => (constraints[`a${item}`] = { max: 1 }));
    courts.forEach(({ softLimit, hard, overloadCost }, court) => {
      constraints[`s${court}`] = { max: softLimit };
      if (hard !== null) constraints[`k${court}`] = { max: hard };
      variables[`o${court}`] = { cost: overloadCost, [`s${court}`]: -1 };
    });
    return { variables, constraints, binaries };
  });

/**
 * Every 0-1 choice of the program's integer columns that some overload can make feasible, completed
 * with the least overload each row needs (the hardest point for a cut, whose overload coefficients are ≤ 0).
 */
function mixedPoints(program: SparseProgram): Float64Array[] {
  const integers = Array.from({ length: program.columnCount }, (_, j) => j).filter((j) => program.integer[j]);
  const points: Float64Array[] = [];
  for (let mask = 0; mask < 1 << integers.length; mask++) {
    const point = new Float64Array(program.columnCount);
    integers.forEach((j, bit) => (point[j] = (mask >> bit) & 1));
    const activity = new Float64Array(program.rowCount);
    for (const j of integers) for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) activity[program.rowIndex[k]!]! += program.coefficient[k]! * point[j]!;
    for (let j = 0; j < program.columnCount; j++) {
      if (program.integer[j]) continue;
      const row = program.rowIndex[program.columnStart[j]!]!; // each overload eases one row
      point[j] = Math.max(0, activity[row]! - program.rhs[row]!);
      activity[row]! -= point[j]!;
    }
    if (Array.from(activity).every((level, row) => level <= program.rhs[row]! + 1e-9)) points.push(point);
  }
  return points;
}

const levelOf = (cut: AppendedRow, point: Float64Array) => cut.coefficient.reduce((sum, value, j) => sum + value * point[j]!, 0);

describe('MIR cuts on soft capacities', () => {
  it('writes cuts that every mixed point of the program keeps, and that cut off the LP optimum', () => {
    let cutsSeen = 0;
    fc.assert(
      fc.property(softCapacityPrograms, (spec) => {
        const program = sparseProgramOf(spec);
        const simplex = new DualSimplex(program);
        if (simplex.solve(Infinity, 10_000) !== 'optimal') return;
        const cuts = mirCuts(simplex, program, mixedKnapsackRows(program), 10);
        cutsSeen += cuts.length;
        const lpPoint = Float64Array.from({ length: program.columnCount }, (_, j) => simplex.value(j));
        for (const cut of cuts) expect(levelOf(cut, lpPoint)).toBeGreaterThan(cut.rhs);
        for (const point of mixedPoints(program)) for (const cut of cuts) expect(levelOf(cut, point)).toBeLessThanOrEqual(cut.rhs + 1e-9);
      }),
      { numRuns: 300, seed: 17 },
    );
    expect(cutsSeen).toBeGreaterThan(50);
  });

  it('takes the rows with an overload column, and no other', () => {
    const program = sparseProgramOf({
      variables: { x0: { cost: -1, a: 1, s: 2, k: 2 }, x1: { cost: -1, a: 1, s: 1, k: 1 }, o: { cost: 5, s: -1 } },
      constraints: { a: { max: 1 }, s: { max: 1.7 }, k: { max: 2 } },
      binaries: ['x0', 'x1'],
    });
    expect(mixedKnapsackRows(program)).toEqual([1]);
  });

  it('closes a court filled to its fractional soft limit: the LP’s two and a half cases become two, or three with half a case of overload', () => {
    // Three cases worth 15 each, room for 2.5 before an overload of 20 per unit: the LP takes 2.5 cases
    // (−37.5); whole cases give −30 (two) or −45 + 10 = −35 (three).
    const spec: LpModelSpec = {
      variables: { x0: { cost: -15, s: 1 }, x1: { cost: -15, s: 1 }, x2: { cost: -15, s: 1 }, o: { cost: 20, s: -1 } },
      constraints: { s: { max: 2.5 } },
      binaries: ['x0', 'x1', 'x2'],
    };
    const program = sparseProgramOf(spec);
    const simplex = new DualSimplex(program);
    expect(simplex.solve(Infinity, 100)).toBe('optimal');
    expect(simplex.bound).toBeLessThan(-37.4);
    const cuts = mirCuts(simplex, program, mixedKnapsackRows(program), 5);
    expect(cuts).toHaveLength(1);
    // x0 + x1 + x2 − 2·o ≤ 2: a third case needs at least half a unit of overload.
    expect([...cuts[0]!.coefficient]).toEqual([1, 1, 1, -2]);
    expect(cuts[0]!.rhs).toBe(2);
    const next = simplex.extendedTo(withRows(program, cuts), cuts);
    expect(next.solve(Infinity, 100)).toBe('optimal');
    expect(next.bound).toBeCloseTo(-35, 9);
  });
});
