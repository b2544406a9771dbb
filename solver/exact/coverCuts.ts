import type { DualSimplex } from './dualSimplex.js';
import type { AppendedRow, SparseProgram } from './sparseProgram.js';

/**
 * Extended cover cuts on the knapsack rows of the program (a court's capacity: positive whole or
 * fractional workloads on 0-1 columns, Σ a_j x_j ≤ b). A cover C is a set of columns that together
 * exceed b, so at most |C| − 1 of them can be 1; every column at least as heavy as C's heaviest can
 * stand in for one of them (the extended cover E(C)):
 *   Σ_{j ∈ E(C)} x_j ≤ |C| − 1.
 * Sparse where Gomory cuts are dense, and they see what a court can hold as whole cases, which the LP
 * splits. Separated greedily from the LP point x* (Crowder, Johnson and Padberg): columns by
 * (1 − x*_j) / a_j, the ones the LP fills most per unit of room first, until they exceed b; then the
 * cover trimmed of the columns it does not need, least filled first. Kept only when x* breaks it.
 */
const minViolation = 1e-6;

export function coverCuts(simplex: DualSimplex, program: SparseProgram, rows: Iterable<number>, maxCuts: number): AppendedRow[] {
  const n = program.columnCount;
  const cuts: { row: AppendedRow; violation: number }[] = [];
  for (const row of rows) {
    const entries = simplex.rowEntries(row);
    const capacity = program.rhs[row]!;
    const members: { column: number; weight: number; level: number }[] = [];
    for (const { column, coefficient } of entries) {
      const level = simplex.value(column);
      if (level > minViolation) members.push({ column, weight: coefficient, level });
    }
    members.sort((a, b) => (1 - a.level) / a.weight - (1 - b.level) / b.weight || a.column - b.column);
    const cover: typeof members = [];
    let load = 0;
    for (const member of members) {
      if (load > capacity) break;
      cover.push(member);
      load += member.weight;
    }
    // A hair of room for rounding in the sums: a cover must exceed the capacity for certain.
    const exceeds = (weight: number) => weight > capacity * (1 + 1e-12) + 1e-9;
    if (!exceeds(load)) continue; // the filled columns alone fit: no cover among them
    // Minimal: drop the least filled members the cover does not need.
    cover.sort((a, b) => a.level - b.level || b.weight - a.weight);
    for (let at = 0; at < cover.length; ) {
      if (exceeds(load - cover[at]!.weight)) {
        load -= cover[at]!.weight;
        cover.splice(at, 1);
      } else at++;
    }
    let heaviest = 0;
    let filled = 0;
    for (const member of cover) {
      heaviest = Math.max(heaviest, member.weight);
      filled += member.level;
    }
    // Extended: the cover and every other column of the row at least as heavy as its heaviest, filled or not.
    const inCover = new Set(cover.map((member) => member.column));
    const extended = [...inCover];
    for (const { column, coefficient: weight } of entries) {
      if (weight >= heaviest && !inCover.has(column)) {
        extended.push(column);
        filled += simplex.value(column);
      }
    }
    const violation = filled - (cover.length - 1);
    if (!(violation > minViolation)) continue;
    const coefficient = new Float64Array(n);
    for (const column of extended) coefficient[column] = 1;
    cuts.push({ row: { coefficient, rhs: cover.length - 1 }, violation });
  }
  cuts.sort((a, b) => b.violation - a.violation);
  return cuts.slice(0, maxCuts).map(({ row }) => row);
}

/**
 * The program's knapsack rows: ≤ rows (no lower side) with a positive right side and positive
 * coefficients on 0-1 columns only, whose columns together exceed it (else no cover exists).
 */
export function knapsackRows(program: SparseProgram): number[] {
  const m = program.rowCount;
  const eligible = Uint8Array.from(program.rhs, (rhs, row) => (rhs > 0 && program.slackUpper[row] === Infinity ? 1 : 0));
  const total = new Float64Array(m);
  for (let column = 0; column < program.columnCount; column++) {
    for (let k = program.columnStart[column]!; k < program.columnStart[column + 1]!; k++) {
      const row = program.rowIndex[k]!;
      const value = program.coefficient[k]!;
      if (!program.integer[column] || program.upper[column] !== 1 || !(value > 0)) eligible[row] = 0;
      total[row] += value;
    }
  }
  const rows: number[] = [];
  for (let row = 0; row < m; row++) if (eligible[row] && total[row]! > program.rhs[row]!) rows.push(row);
  return rows;
}
