import type { DualSimplex } from './dualSimplex.js';
import type { AppendedRow, SparseProgram } from './sparseProgram.js';

/**
 * Mixed-integer rounding (c-MIR) cuts on the program's mixed knapsack rows: Σ a_j x_j − Σ g_k y_k ≤ b
 * with x 0-1 and y continuous ≥ 0 — a court's soft capacity, where the overload column y takes what the
 * cases' workloads put above softShare × capacity. The LP fills such a court to exactly its soft limit
 * (10.2 with whole workloads), which no set of whole cases does: either the court holds 10 or it pays
 * for at least 0.8 of overload. Divided by δ, with f the fractional part of b/δ, the MIR inequality
 *   Σ F(a_j) x_j − Σ g_k y_k / (δ(1 − f)) ≤ ⌊b/δ⌋,   F(a) = ⌊a/δ⌋ + max(0, frac(a/δ) − f) / (1 − f),
 * holds for every point with x whole (Marchand and Wolsey); with δ = 1 and whole workloads it is the
 * convex hull of the row's (load, overload) pairs. Columns near 1 in the LP point are complemented
 * first (x = 1 − x̄), and δ tried among 1 and the row's coefficients at fractional columns; the most
 * violated cut per row is kept, when the LP point breaks it.
 */
const minViolation = 1e-6;
/** Rounding margins: f this close to 0 or 1 makes the cut's continuous coefficient explode. */
const minFraction = 0.01;
const maxFraction = 0.99;

export function mirCuts(simplex: DualSimplex, program: SparseProgram, rows: Iterable<number>, maxCuts: number): AppendedRow[] {
  const cuts: { row: AppendedRow; violation: number }[] = [];
  for (const row of rows) {
    const best = bestRoundingOf(simplex, program, row);
    if (best) cuts.push(best);
  }
  cuts.sort((a, b) => b.violation - a.violation);
  return cuts.slice(0, maxCuts).map(({ row }) => row);
}

/** The most violated MIR cut on `row` over the divisors tried, normalised by its length; null if none is violated. */
function bestRoundingOf(simplex: DualSimplex, program: SparseProgram, row: number): { row: AppendedRow; violation: number } | null {
  const entries = simplex.rowEntries(row);
  const integers = entries.filter(({ column }) => program.integer[column]);
  const continuous = entries.filter(({ column }) => !program.integer[column]);
  const level = (column: number) => simplex.value(column);
  // Complement the 0-1 columns the LP has in the upper half: the rounding loses least on columns near 0.
  const complemented = integers.map(({ column }) => level(column) > 0.5);
  let shiftedRhs = program.rhs[row]!;
  integers.forEach(({ coefficient }, at) => {
    if (complemented[at]) shiftedRhs -= coefficient;
  });
  // Only the columns that ease the row (g > 0 in Σ a x − Σ g y) enter the cut; the others are dropped (valid, as y ≥ 0).
  let easing = 0;
  for (const { column, coefficient } of continuous) if (coefficient < 0) easing += coefficient * level(column);

  const divisors = new Set<number>([1]);
  for (const { column, coefficient } of integers) {
    const value = level(column);
    if (value > minViolation && value < 1 - minViolation && Math.abs(coefficient) > 1e-9) divisors.add(Math.abs(coefficient));
  }
  let best: { row: AppendedRow; violation: number } | null = null;
  for (const divisor of divisors) {
    const scaled = shiftedRhs / divisor;
    const f = scaled - Math.floor(scaled);
    if (f < minFraction || f > maxFraction) continue;
    const rounded = (a: number) => {
      const t = a / divisor;
      const fraction = t - Math.floor(t);
      return Math.floor(t) + Math.max(0, fraction - f) / (1 - f);
    };
    // In x̄ for complemented columns: coefficient F(−a) on x̄ = 1 − x, i.e. −F(−a) on x and F(−a) off the right side.
    let rhs = Math.floor(scaled);
    let lhs = 0;
    let squares = 0;
    const coefficientAt = integers.map(({ column, coefficient }, at) => {
      let value: number;
      if (complemented[at]) {
        const onComplement = rounded(-coefficient);
        rhs -= onComplement;
        value = -onComplement;
      } else value = rounded(coefficient);
      lhs += value * level(column);
      squares += value * value;
      return value;
    });
    const continuousFactor = 1 / (divisor * (1 - f));
    for (const { coefficient } of continuous) if (coefficient < 0) squares += (coefficient * continuousFactor) ** 2;
    lhs += easing * continuousFactor;
    const violation = (lhs - rhs) / Math.sqrt(squares || 1);
    if (!(violation > minViolation) || (best && violation <= best.violation)) continue;
    const coefficient = new Float64Array(program.columnCount);
    integers.forEach(({ column }, at) => (coefficient[column] = coefficientAt[at]!));
    for (const { column, coefficient: value } of continuous) if (value < 0) coefficient[column] = value * continuousFactor;
    best = { row: { coefficient, rhs }, violation };
  }
  return best;
}

/**
 * The program's mixed knapsack rows: ≤ rows (no lower side) whose integer columns are all 0-1 and
 * which have at least one continuous column easing them (a negative coefficient; every column is ≥ 0).
 */
export function mixedKnapsackRows(program: SparseProgram): number[] {
  const m = program.rowCount;
  const eligible = Uint8Array.from(program.slackUpper, (slackUpper) => (slackUpper === Infinity ? 1 : 0));
  const eased = new Uint8Array(m);
  for (let column = 0; column < program.columnCount; column++) {
    const zeroOne = program.integer[column] === 1 && program.upper[column] === 1;
    for (let k = program.columnStart[column]!; k < program.columnStart[column + 1]!; k++) {
      const row = program.rowIndex[k]!;
      if (program.integer[column] && !zeroOne) eligible[row] = 0;
      if (!program.integer[column] && program.coefficient[k]! < 0) eased[row] = 1;
    }
  }
  const rows: number[] = [];
  for (let row = 0; row < m; row++) if (eligible[row] && eased[row]) rows.push(row);
  return rows;
}
