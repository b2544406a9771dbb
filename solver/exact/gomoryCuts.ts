import type { DualSimplex } from './dualSimplex.js';
import type { AppendedRow, SparseProgram } from './sparseProgram.js';

/**
 * Gomory mixed-integer cuts from the optimal basis: for a 0-1 variable basic at a fractional value,
 * its tableau row in the nonbasic variables measured from their bounds (x̃ ≥ 0),
 *   x_p + Σ ã_j x̃_j = x_p*,  f0 = frac(x_p*),
 * gives Σ g_j x̃_j ≥ 1 with g_j = f_j/f0 or (1 − f_j)/(1 − f0) for integer ones (f_j = frac(ã_j): 0-1
 * columns, and slacks of rows that keep them whole, see integerSlacks) and ã_j/f0 or −ã_j/(1 − f0)
 * for continuous ones (other slacks). Written back in the columns alone
 * (a slack is its row's right side minus its activity) as a ≤ row.
 *
 * Valid for every integer point within the simplex's current column bounds; the root's are global
 * (reduced-cost fixings hold for every point better than the incumbent). A cut whose coefficients
 * span more than `maxDynamism` is left out, and every right side is eased by a margin far below any
 * gap we report, so that rounding cannot cut off an integer point.
 */
const minFraction = 0.01;
const maxDynamism = 1e6;

export function gomoryCuts(simplex: DualSimplex, program: SparseProgram, maxCuts: number): AppendedRow[] {
  const n = program.columnCount;
  const m = program.rowCount;
  const candidates: { position: number; fraction: number }[] = [];
  for (let position = 0; position < m; position++) {
    const variable = simplex.basicAt(position);
    if (variable >= n || !program.integer[variable]) continue;
    const level = simplex.value(variable);
    const fraction = level - Math.floor(level);
    if (fraction >= minFraction && fraction <= 1 - minFraction) candidates.push({ position, fraction });
  }
  candidates.sort((a, b) => Math.abs(a.fraction - 0.5) - Math.abs(b.fraction - 0.5));

  const integerSlack = integerSlacks(program);
  const tableau = new Float64Array(n + m);
  const slackFactor = new Float64Array(m);
  const cuts: AppendedRow[] = [];
  for (const { position, fraction: f0 } of candidates.slice(0, maxCuts)) {
    simplex.tableauRow(position, tableau);
    const coefficient = new Float64Array(n);
    // Σ g x̃ ≥ 1 becomes Σ coefficient·x ≥ 1 − constant.
    let constant = 0;
    for (let j = 0; j < n + m; j++) {
      if (simplex.isBasic(j) || simplex.lower[j] === simplex.upper[j]) continue;
      const atUpper = simplex.isAtUpper(j);
      const shifted = atUpper ? -tableau[j]! : tableau[j]!;
      let g: number;
      if (j < n ? program.integer[j] === 1 : integerSlack[j - n] === 1) {
        const fj = shifted - Math.floor(shifted);
        g = fj <= f0 ? fj / f0 : (1 - fj) / (1 - f0);
      } else g = shifted >= 0 ? shifted / f0 : -shifted / (1 - f0);
      if (g === 0) continue;
      if (j < n) {
        // x̃ = x − lower, or upper − x.
        coefficient[j]! += atUpper ? -g : g;
        constant += atUpper ? g * simplex.upper[j]! : -g * simplex.lower[j]!;
      } else {
        // A slack at 0 is rhs − a·x; at its (finite) upper bound u, x̃ = u − rhs + a·x.
        const row = j - n;
        slackFactor[row] = atUpper ? g : -g;
        constant += atUpper ? g * (simplex.upper[j]! - program.rhs[row]!) : g * program.rhs[row]!;
      }
    }
    for (let row = 0; row < m; row++) {
      if (slackFactor[row] !== 0) simplex.addRowTimes(row, slackFactor[row]!, coefficient);
    }
    slackFactor.fill(0);
    // As a ≤ row: −coefficient·x ≤ constant − 1.
    for (let j = 0; j < n; j++) coefficient[j] = -coefficient[j]!;
    const cut = withoutTinyEntries(program, coefficient, constant - 1);
    if (cut) cuts.push(cut);
  }
  return cuts;
}

/**
 * Rows whose slack is integer at every integer point: integer coefficients on integer columns only
 * and an integer right side (assignment, capacity with whole workloads, reciprocity, pair limits).
 * Their slacks take the integer formula, which gives a stronger cut than the continuous one.
 */
function integerSlacks(program: SparseProgram): Uint8Array {
  // A slack at its upper bound enters as upper − slack: that upper bound must be whole too.
  const integer = Uint8Array.from(program.rhs, (rhs, row) => (Number.isInteger(rhs) && (program.slackUpper[row] === Infinity || Number.isInteger(program.slackUpper[row]!)) ? 1 : 0));
  for (let column = 0; column < program.columnCount; column++) {
    for (let k = program.columnStart[column]!; k < program.columnStart[column + 1]!; k++) {
      if (!program.integer[column] || !Number.isInteger(program.coefficient[k]!)) integer[program.rowIndex[k]!] = 0;
    }
  }
  return integer;
}

/**
 * The cut with entries below 1/maxDynamism of its largest dropped the safe way (a dropped c·x over
 * [0, upper] moves min(0, c·upper) to the right side, so the cut only weakens), its right side eased by
 * a margin far below any gap we report. Null if nothing is left or a dropped entry has no finite bound
 * to take it.
 */
function withoutTinyEntries(program: SparseProgram, coefficient: Float64Array, rhs: number): AppendedRow | null {
  let largest = 0;
  for (let j = 0; j < coefficient.length; j++) largest = Math.max(largest, Math.abs(coefficient[j]!));
  if (largest === 0) return null;
  let right = rhs;
  let size = Math.abs(rhs);
  for (let j = 0; j < coefficient.length; j++) {
    const value = coefficient[j]!;
    if (Math.abs(value) >= largest / maxDynamism) {
      size += Math.abs(value);
      continue;
    }
    if (value < 0) {
      if (program.upper[j] === Infinity) return null;
      right -= value * program.upper[j]!;
    }
    coefficient[j] = 0;
  }
  return { coefficient, rhs: right + 1e-9 * (1 + size) };
}
