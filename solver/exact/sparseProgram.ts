import type { LpModelSpec } from './lpSolverAdapter.js';

/**
 * A 0-1 program in the form our own simplex reads: minimise cost·x subject to A·x + s = rhs,
 * 0 ≤ x ≤ upper, 0 ≤ s ≤ slackUpper, x integer where `integer` says so.
 *
 * Columns 0..n-1 are the spec's variables (CSC: rows rowIndex[columnStart[j]..columnStart[j+1]),
 * coefficients coefficient[...]); a row with `min` only is negated so that every slack is ≥ 0
 * (max: s ∈ [0, ∞); equal: [0, 0]; min and max: [0, max − min]).
 */
export interface SparseProgram {
  columnCount: number;
  rowCount: number;
  columnStart: Int32Array;
  rowIndex: Int32Array;
  coefficient: Float64Array;
  cost: Float64Array;
  upper: Float64Array;
  integer: Uint8Array;
  rhs: Float64Array;
  slackUpper: Float64Array;
  columnNames: string[];
}

export function sparseProgramOf(spec: LpModelSpec): SparseProgram {
  const columnNames = Object.keys(spec.variables);
  const rowNames = Object.keys(spec.constraints).filter((name) => name !== 'cost');
  const rowOf = new Map(rowNames.map((name, row) => [name, row]));
  const sign = new Float64Array(rowNames.length);
  const rhs = new Float64Array(rowNames.length);
  const slackUpper = new Float64Array(rowNames.length);
  rowNames.forEach((name, row) => {
    const { max, min, equal } = spec.constraints[name]!;
    if (equal !== undefined) [sign[row], rhs[row], slackUpper[row]] = [1, equal, 0];
    else if (max !== undefined) [sign[row], rhs[row], slackUpper[row]] = [1, max, min === undefined ? Infinity : max - min];
    else if (min !== undefined) [sign[row], rhs[row], slackUpper[row]] = [-1, -min, Infinity];
    else [sign[row], rhs[row], slackUpper[row]] = [1, 0, Infinity];
  });
  const binaries = new Set(spec.binaries);
  const columnStart = new Int32Array(columnNames.length + 1);
  const rowIndex: number[] = [];
  const coefficient: number[] = [];
  const cost = new Float64Array(columnNames.length);
  const upper = new Float64Array(columnNames.length);
  const integer = new Uint8Array(columnNames.length);
  columnNames.forEach((name, column) => {
    const entries = spec.variables[name]!;
    cost[column] = entries.cost ?? 0;
    integer[column] = binaries.has(name) ? 1 : 0;
    upper[column] = binaries.has(name) ? 1 : Infinity;
    if (!binaries.has(name) && cost[column]! < 0) throw new Error(`sparseProgramOf: ${name} pays to grow without a bound`);
    for (const [rowName, value] of Object.entries(entries)) {
      const row = rowOf.get(rowName);
      if (row === undefined || value === 0) continue;
      rowIndex.push(row);
      coefficient.push(sign[row]! * value);
    }
    columnStart[column + 1] = rowIndex.length;
  });
  boundByDominance(columnStart, rowIndex, coefficient, cost, upper, rhs);
  return {
    columnCount: columnNames.length,
    rowCount: rowNames.length,
    columnStart,
    rowIndex: Int32Array.from(rowIndex),
    coefficient: Float64Array.from(coefficient),
    cost,
    upper,
    integer,
    rhs,
    slackUpper,
    columnNames,
  };
}

/** A row Σ coefficient·x ≤ rhs over the program's columns (a cut), dense. */
export interface AppendedRow {
  coefficient: Float64Array;
  rhs: number;
}

/** The program with rows appended (each ≤, its slack in [0, ∞)); columns unchanged. */
/**
 * Gives an unbounded continuous column a finite upper bound where optimality implies one, so that
 * every bound the simplex certifies stays finite. A column with cost > 0 whose entries are all
 * negative (it only eases rows, as an overload eases its court's soft row) sits at an optimum at the
 * least value its rows need: at most max over its rows of (the row's largest activity without it −
 * rhs) / |entry|. Rows with an unbounded other column give no bound; the column stays unbounded.
 */
function boundByDominance(columnStart: Int32Array, rowIndex: number[], coefficient: number[], cost: Float64Array, upper: Float64Array, rhs: Float64Array): void {
  const largestActivity = new Float64Array(rhs.length);
  for (let column = 0; column < cost.length; column++) {
    for (let k = columnStart[column]!; k < columnStart[column + 1]!; k++) {
      if (coefficient[k]! > 0) largestActivity[rowIndex[k]!]! += coefficient[k]! * upper[column]!;
    }
  }
  for (let column = 0; column < cost.length; column++) {
    if (upper[column] !== Infinity || cost[column]! <= 0) continue;
    let bound = 0;
    for (let k = columnStart[column]!; k < columnStart[column + 1]! && bound < Infinity; k++) {
      const value = coefficient[k]!;
      const row = rowIndex[k]!;
      bound = value >= 0 ? Infinity : Math.max(bound, (largestActivity[row]! - rhs[row]!) / -value);
    }
    upper[column] = Math.max(0, bound);
  }
}

export function withRows(program: SparseProgram, rows: readonly AppendedRow[]): SparseProgram {
  const n = program.columnCount;
  const m = program.rowCount;
  let entries = program.columnStart[n]!;
  for (const row of rows) for (let j = 0; j < n; j++) if (row.coefficient[j] !== 0) entries++;
  const columnStart = new Int32Array(n + 1);
  const rowIndex = new Int32Array(entries);
  const coefficient = new Float64Array(entries);
  let at = 0;
  for (let j = 0; j < n; j++) {
    for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++, at++) {
      rowIndex[at] = program.rowIndex[k]!;
      coefficient[at] = program.coefficient[k]!;
    }
    for (let added = 0; added < rows.length; added++) {
      const value = rows[added]!.coefficient[j]!;
      if (value === 0) continue;
      rowIndex[at] = m + added;
      coefficient[at++] = value;
    }
    columnStart[j + 1] = at;
  }
  const rhs = new Float64Array(m + rows.length);
  rhs.set(program.rhs);
  rows.forEach((row, added) => (rhs[m + added] = row.rhs));
  const slackUpper = new Float64Array(m + rows.length).fill(Infinity);
  slackUpper.set(program.slackUpper);
  return { ...program, rowCount: m + rows.length, columnStart, rowIndex, coefficient, rhs, slackUpper };
}

/** The program without `rows` (cuts, at the end of the program): every column keeps its other entries. */
export function withoutRows(program: SparseProgram, rows: readonly number[]): SparseProgram {
  const newRow = keptRowIndex(program.rowCount, rows);
  const kept = program.rowCount - rows.length;
  const columnStart = new Int32Array(program.columnCount + 1);
  const rowIndex = new Int32Array(program.rowIndex.length);
  const coefficient = new Float64Array(program.coefficient.length);
  let entries = 0;
  for (let j = 0; j < program.columnCount; j++) {
    for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) {
      const row = program.rowIndex[k]!;
      if (newRow[row] === -1) continue;
      rowIndex[entries] = newRow[row]!;
      coefficient[entries++] = program.coefficient[k]!;
    }
    columnStart[j + 1] = entries;
  }
  const keptRows = (values: Float64Array) => values.filter((_, row) => newRow[row] !== -1);
  return { ...program, rowCount: kept, columnStart, rowIndex: rowIndex.slice(0, entries), coefficient: coefficient.slice(0, entries), rhs: keptRows(program.rhs), slackUpper: keptRows(program.slackUpper) };
}

/** Each row's index once `removed` (distinct rows) are taken out, -1 for those. */
export function keptRowIndex(rowCount: number, removed: readonly number[]): Int32Array {
  const newRow = new Int32Array(rowCount);
  for (const row of removed) newRow[row] = -1;
  for (let row = 0, kept = 0; row < rowCount; row++) if (newRow[row] !== -1) newRow[row] = kept++;
  return newRow;
}
