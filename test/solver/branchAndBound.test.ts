import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { branchAndBound, type BranchAndBoundSettings } from '../../solver/exact/branchAndBound.js';
import { DualSimplex } from '../../solver/exact/dualSimplex.js';
import { coverCuts, knapsackRows } from '../../solver/exact/coverCuts.js';
import { gomoryCuts } from '../../solver/exact/gomoryCuts.js';
import { solveLinearModel, type LpModelSpec } from '../../solver/exact/lpSolverAdapter.js';
import { sparseProgramOf, withoutRows, withRows, type AppendedRow, type SparseProgram } from '../../solver/exact/sparseProgram.js';

const clock = () => performance.now();

/** Random small 0-1 programs: ≤, ≥ and = rows with small integer coefficients, costs of both signs, right sides mostly whole. */
const programs = fc
  .record({
    costs: fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 9 }),
    rows: fc.array(
      // A right side off the integers now and then: that row's slack is continuous in the Gomory cuts.
      fc.record({ coefficients: fc.array(fc.integer({ min: -3, max: 5 }), { minLength: 9, maxLength: 9 }), kind: fc.constantFrom('max', 'max', 'min', 'equal'), rhs: fc.integer({ min: -2, max: 8 }).map((rhs) => (rhs % 4 === 3 ? rhs + 0.5 : rhs)) }),
      { minLength: 1, maxLength: 5 },
    ),
  })
  .map(({ costs, rows }): LpModelSpec => {
    const variables: LpModelSpec['variables'] = {};
    costs.forEach((cost, j) => {
      const column: Record<string, number> = { cost };
      rows.forEach((row, i) => {
        if (row.coefficients[j] !== 0) column[`r${i}`] = row.coefficients[j]!;
      });
      variables[`x${j}`] = column;
    });
    const constraints = Object.fromEntries(rows.map((row, i) => [`r${i}`, { [row.kind]: row.rhs }]));
    return { variables, constraints, binaries: Object.keys(variables) };
  });

/** Random multi-knapsacks: courts' capacities over 0-1 cases with positive workloads, some rows mixed in. */
const knapsackPrograms = fc
  .record({
    values: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 3, maxLength: 9 }),
    rows: fc.array(fc.record({ weights: fc.array(fc.integer({ min: 0, max: 7 }), { minLength: 9, maxLength: 9 }), capacity: fc.integer({ min: 1, max: 15 }) }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ values, rows }): LpModelSpec => {
    const variables: LpModelSpec['variables'] = {};
    values.forEach((value, j) => {
      const column: Record<string, number> = { cost: -value };
      rows.forEach((row, i) => {
        if (row.weights[j] !== 0) column[`k${i}`] = row.weights[j]! + (j % 3 === 0 ? 0.5 : 0);
      });
      variables[`x${j}`] = column;
    });
    const constraints = Object.fromEntries(rows.map((row, i) => [`k${i}`, { max: row.capacity }]));
    return { variables, constraints, binaries: Object.keys(variables) };
  });

/** Every 0-1 point of the program that keeps every row, with its objective. */
function integerPoints(program: SparseProgram): { point: Float64Array; objective: number }[] {
  const n = program.columnCount;
  const points: { point: Float64Array; objective: number }[] = [];
  for (let mask = 0; mask < 1 << n; mask++) {
    const point = Float64Array.from({ length: n }, (_, j) => (mask >> j) & 1);
    if (keepsRows(program, point)) points.push({ point, objective: point.reduce((sum, value, j) => sum + value * program.cost[j]!, 0) });
  }
  return points;
}

/** Whether A·x + s = rhs has a slack within its bounds for every row (the program's own form). */
function keepsRows(program: SparseProgram, point: Float64Array, margin = 1e-9): boolean {
  const activity = new Float64Array(program.rowCount);
  for (let j = 0; j < program.columnCount; j++) {
    for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) activity[program.rowIndex[k]!]! += program.coefficient[k]! * point[j]!;
  }
  return Array.from(activity).every((level, i) => {
    const slack = program.rhs[i]! - level;
    return slack >= -margin && slack <= program.slackUpper[i]! + margin;
  });
}

/** The program, and its optimum by enumeration (null when no 0-1 point keeps every row). */
function enumerated(spec: LpModelSpec): { program: SparseProgram; optimum: number | null } {
  const program = sparseProgramOf(spec);
  const points = integerPoints(program);
  return { program, optimum: points.length === 0 ? null : Math.min(...points.map(({ objective }) => objective)) };
}

/** Branch and bound to a proof, with the program's own objective as the exact one. */
function search(program: SparseProgram, settings: Partial<BranchAndBoundSettings>) {
  const objectiveOf = (values: Float64Array) => values.reduce((sum, value, j) => sum + value * program.cost[j]!, 0);
  return branchAndBound(program, { deadline: clock() + 10_000, clock, gapTolerance: 1e-12, objectiveConstant: 0, evaluate: objectiveOf, ...settings });
}

describe('branch and bound on our dual simplex', () => {
  it('finds the optimum of every small 0-1 program that enumeration finds, with its bound below it', () => {
    fc.assert(
      fc.property(programs, (spec) => {
        const { program, optimum } = enumerated(spec);
        const outcome = search(program, {});
        if (optimum === null) {
          expect(outcome.status).toBe('infeasible');
          return;
        }
        expect(outcome.status).toBe('optimal');
        expect(outcome.objective).toBeCloseTo(optimum, 9);
        expect(keepsRows(program, outcome.values!)).toBe(true);
        expect(outcome.bound).toBeLessThanOrEqual(optimum + 1e-9);
      }),
      { numRuns: 300, seed: 11 },
    );
  });

  it('starts from a caller’s incumbent and returns no point when none beats it', () => {
    fc.assert(
      fc.property(programs, (spec) => {
        const { program, optimum } = enumerated(spec);
        fc.pre(optimum !== null);
        const outcome = search(program, { incumbentObjective: optimum! });
        expect(outcome.status).toBe('optimal');
        expect(outcome.values).toBeNull();
        expect(outcome.bound).toBeLessThanOrEqual(optimum! + 1e-9);
      }),
      { numRuns: 150, seed: 12 },
    );
  });

  it('stops at its deadline with a bound that is still below the optimum', () => {
    fc.assert(
      fc.property(programs, (spec) => {
        const { program, optimum } = enumerated(spec);
        fc.pre(optimum !== null);
        const outcome = search(program, { deadline: clock() - 1 });
        expect(outcome.status).toBe('time_limit');
        expect(outcome.bound).toBeLessThanOrEqual(optimum! + 1e-9);
      }),
      { numRuns: 50, seed: 13 },
    );
  });

  it('solves the LP relaxation to javascript-lp-solver’s optimum, and calls infeasible only what is', () => {
    fc.assert(
      fc.property(programs, (spec) => {
        const program = sparseProgramOf(spec);
        // The library's LP has no 0-1 bounds of its own: give them as rows.
        const bounded: LpModelSpec = { variables: structuredClone(spec.variables), constraints: { ...spec.constraints }, binaries: [] };
        for (const name of Object.keys(bounded.variables)) {
          bounded.variables[name]![`u${name}`] = 1;
          bounded.constraints[`u${name}`] = { max: 1 };
        }
        const reference = solveLinearModel(bounded, { timeLimitMs: 10_000, integer: false, clock });
        const simplex = new DualSimplex(program);
        const status = simplex.solve(Infinity, 10_000);
        if (reference.status === 'infeasible') {
          expect(status).toBe('infeasible');
          return;
        }
        expect(reference.status).toBe('optimal');
        if (reference.status !== 'optimal') return;
        expect(status).toBe('optimal');
        expect(simplex.objective()).toBeCloseTo(reference.objective, 6);
        const bound = simplex.safeBound();
        // The library rounds what it reports (to 1e-8 or so).
        expect(bound).toBeLessThanOrEqual(reference.objective + 1e-6);
        expect(bound).toBeCloseTo(reference.objective, 6);
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  /**
   * On each program of `generator` with an optimal LP: every 0-1 point keeps every cut `cutter` writes
   * and the LP optimum breaks each; over the runs, more than 50 cuts.
   */
  function expectValidCuts(generator: fc.Arbitrary<LpModelSpec>, cutter: (simplex: DualSimplex, program: SparseProgram) => AppendedRow[], seed: number) {
    let cutsSeen = 0;
    fc.assert(
      fc.property(generator, (spec) => {
        const program = sparseProgramOf(spec);
        const simplex = new DualSimplex(program);
        if (simplex.solve(Infinity, 10_000) !== 'optimal') return;
        const cuts = cutter(simplex, program);
        cutsSeen += cuts.length;
        const lpPoint = Float64Array.from({ length: program.columnCount }, (_, j) => simplex.value(j));
        const extended = withRows(program, cuts);
        for (const { point } of integerPoints(program)) expect(keepsRows(extended, point)).toBe(true);
        for (const cut of cuts) {
          const level = cut.coefficient.reduce((sum, value, j) => sum + value * lpPoint[j]!, 0);
          expect(level).toBeGreaterThan(cut.rhs);
        }
      }),
      { numRuns: 300, seed },
    );
    expect(cutsSeen).toBeGreaterThan(50);
  }

  it('writes Gomory cuts that every 0-1 point of the program keeps, and that cut off the LP optimum', () => {
    expectValidCuts(programs, (simplex, program) => gomoryCuts(simplex, program, 10), 15);
  });

  it('writes cover cuts on knapsack rows that every 0-1 point keeps, and that cut off the LP optimum', () => {
    expectValidCuts(knapsackPrograms, (simplex, program) => coverCuts(simplex, program, knapsackRows(program), 10), 16);
  });

  it('a cover cut closes what a court can hold as whole cases: three cases of 2 in room for 5 take two', () => {
    const spec: LpModelSpec = {
      variables: { x0: { cost: -3, k: 2 }, x1: { cost: -3, k: 2 }, x2: { cost: -3, k: 2 } },
      constraints: { k: { max: 5 } },
      binaries: ['x0', 'x1', 'x2'],
    };
    const program = sparseProgramOf(spec);
    const simplex = new DualSimplex(program);
    expect(simplex.solve(Infinity, 100)).toBe('optimal');
    expect(simplex.bound).toBeLessThan(-7.4); // 2.5 cases
    const cuts = coverCuts(simplex, program, knapsackRows(program), 5);
    expect(cuts).toHaveLength(1);
    expect([...cuts[0]!.coefficient]).toEqual([1, 1, 1]);
    expect(cuts[0]!.rhs).toBe(2);
    const next = simplex.extendedTo(withRows(program, cuts), cuts);
    expect(next.solve(Infinity, 100)).toBe('optimal');
    expect(next.bound).toBeGreaterThan(-6 - 1e-6);
  });

  it('comes back to a saved basis: after a probe into a child, the parent’s LP optimum again without a pivot', () => {
    let probesThatPivoted = 0;
    fc.assert(
      fc.property(knapsackPrograms, (spec) => {
        const program = sparseProgramOf(spec);
        const simplex = new DualSimplex(program);
        if (simplex.solve(Infinity, 10_000) !== 'optimal') return;
        const parentBound = simplex.bound;
        const parentPoint = Float64Array.from({ length: program.columnCount }, (_, j) => simplex.value(j));
        const fractional = parentPoint.findIndex((value) => value > 1e-6 && value < 1 - 1e-6);
        if (fractional === -1) return;
        const saved = simplex.saveBasis();
        simplex.upper[fractional] = 0;
        const before = simplex.iterations;
        simplex.solve(Infinity, 10_000);
        if (simplex.iterations > before) probesThatPivoted++;
        simplex.upper[fractional] = 1;
        simplex.restoreBasis(saved);
        const afterProbe = simplex.iterations;
        expect(simplex.solve(Infinity, 10_000)).toBe('optimal');
        expect(simplex.iterations).toBe(afterProbe);
        expect(simplex.bound).toBeCloseTo(parentBound, 9);
        for (let j = 0; j < program.columnCount; j++) expect(simplex.value(j)).toBeCloseTo(parentPoint[j]!, 9);
      }),
      { numRuns: 200, seed: 18 },
    );
    expect(probesThatPivoted).toBeGreaterThan(20);
  });

  it('drops the cuts the LP optimum does not lean on and keeps that optimum, without a pivot', () => {
    let cutsDropped = 0;
    fc.assert(
      fc.property(knapsackPrograms, (spec) => {
        const program = sparseProgramOf(spec);
        let simplex = new DualSimplex(program);
        if (simplex.solve(Infinity, 10_000) !== 'optimal') return;
        // Two rounds of cuts: the second round's optimum often leaves some of the first round's slack.
        let extended = program;
        for (let round = 0; round < 2; round++) {
          const cuts = [...coverCuts(simplex, extended, knapsackRows(program), 10), ...gomoryCuts(simplex, extended, 10)];
          if (cuts.length === 0) break;
          const next = withRows(extended, cuts);
          [extended, simplex] = [next, simplex.extendedTo(next, cuts)];
          if (simplex.solve(Infinity, 10_000) !== 'optimal') return;
        }
        const slack = simplex.slackRows(program.rowCount);
        if (slack.length === 0) return;
        cutsDropped += slack.length;
        const bound = simplex.bound;
        const point = Float64Array.from({ length: program.columnCount }, (_, j) => simplex.value(j));
        const reduced = withoutRows(extended, slack);
        expect(reduced.rowCount).toBe(extended.rowCount - slack.length);
        const smaller = simplex.reducedTo(reduced, slack);
        const pivots = smaller.iterations;
        expect(smaller.solve(Infinity, 10_000)).toBe('optimal');
        expect(smaller.iterations).toBe(pivots);
        expect(smaller.bound).toBeCloseTo(bound, 9);
        for (let j = 0; j < program.columnCount; j++) expect(smaller.value(j)).toBeCloseTo(point[j]!, 9);
      }),
      { numRuns: 300, seed: 19 },
    );
    expect(cutsDropped).toBeGreaterThan(20);
  });

  it('takes a row slack as integer where the row allows it (whole coefficients on 0-1 columns, whole right side): a stronger cut', () => {
    // Three items, two courts: assignment rows and capacities with whole workloads. From this LP
    // optimum, the cut that treats the slacks as continuous lifts the bound to -11.38 only.
    const column = (cost: number, item: number, court: number, workload: number) => ({ cost, [`a${item}`]: 1, [`k${court}`]: workload });
    const spec: LpModelSpec = {
      variables: { x00: column(-2, 0, 0, 1), x01: column(-7, 0, 1, 5), x10: column(-9, 1, 0, 5), x11: column(-9, 1, 1, 5), x20: column(-1, 2, 0, 3), x21: column(-2, 2, 1, 4) },
      constraints: { a0: { max: 1 }, a1: { max: 1 }, a2: { max: 1 }, k0: { max: 4 }, k1: { max: 4 } },
      binaries: ['x00', 'x01', 'x10', 'x11', 'x20', 'x21'],
    };
    const program = sparseProgramOf(spec);
    const simplex = new DualSimplex(program);
    expect(simplex.solve(Infinity, 100)).toBe('optimal');
    const before = simplex.bound;
    const cuts = gomoryCuts(simplex, program, 5);
    const extended = withRows(program, cuts);
    const next = simplex.extendedTo(extended, cuts);
    expect(next.solve(Infinity, 100)).toBe('optimal');
    expect(before).toBeLessThan(-11.5);
    expect(next.bound).toBeGreaterThan(-11.34);
    // Still a bound: the best 0-1 point is no better.
    const best = Math.min(...integerPoints(program).map(({ objective }) => objective));
    expect(next.bound).toBeLessThanOrEqual(best + 1e-9);
  });
});

describe('branch and bound on 30-item multi-knapsacks', () => {
  /** Seeded multi-knapsacks of 30 items: too many points to enumerate, enough nodes to count. */
  function knapsacks(seed: number): LpModelSpec {
    let state = seed;
    const next = () => ((state = (state * 1103515245 + 12345) % 2147483648) / 2147483648);
    const variables: LpModelSpec['variables'] = {};
    for (let j = 0; j < 30; j++) {
      const column: Record<string, number> = { cost: -Math.round(10 + next() * 90) };
      for (let row = 0; row < 3; row++) column[`k${row}`] = Math.round(5 + next() * 40);
      variables[`x${j}`] = column;
    }
    return { variables, constraints: { k0: { max: 300 }, k1: { max: 320 }, k2: { max: 280 } }, binaries: Object.keys(variables) };
  }

  it('proves the same optimum with child LPs probed as with pseudocosts alone, where fixings and branches meet', () => {
    for (let seed = 1; seed <= 6; seed++) {
      const program = sparseProgramOf(knapsacks(seed));
      const probed = search(program, {});
      const plain = search(program, { strongBranchingCandidates: 0 });
      // Either search used to end 'failed' on a node whose branch reduced-cost fixing had closed.
      expect(probed.status).toBe('optimal');
      expect(plain.status).toBe('optimal');
      expect(probed.objective).toBeCloseTo(plain.objective, 9);
      expect(probed.bound).toBeLessThanOrEqual(probed.objective + 1e-9);
    }
  });
});
