/**
 * HiGHS (WebAssembly, devDependency) on the same 0-1 model as the exact path: the reference the
 * benchmarks measure against. Its heap stops at 2 GiB, so it serves up to a few thousand cases.
 */
import highsExport, { type Highs } from 'highs';
import type { LpModelSpec } from '../solver/exact/lpSolverAdapter.js';

/** CPLEX LP text of a model spec: minimise "cost", constraints as given, binaries declared. */
export function lpText(spec: LpModelSpec, integer: boolean): string {
  const rows = new Map<string, string[]>();
  const objective: string[] = [];
  for (const [variable, column] of Object.entries(spec.variables)) {
    for (const [row, coefficient] of Object.entries(column)) {
      if (coefficient === 0) continue;
      const term = `${coefficient >= 0 ? '+' : '-'} ${Math.abs(coefficient)} ${variable}`;
      if (row === 'cost') objective.push(term);
      else rows.set(row, [...(rows.get(row) ?? []), term]);
    }
  }
  const lines = ['Minimize', ` obj: ${objective.join(' ') || '0 x_none'}`, 'Subject To'];
  for (const [row, bound] of Object.entries(spec.constraints)) {
    const terms = rows.get(row);
    if (!terms) continue;
    if (bound.equal !== undefined) lines.push(` ${row}: ${terms.join(' ')} = ${bound.equal}`);
    if (bound.max !== undefined) lines.push(` ${row}_max: ${terms.join(' ')} <= ${bound.max}`);
    if (bound.min !== undefined) lines.push(` ${row}_min: ${terms.join(' ')} >= ${bound.min}`);
  }
  lines.push('Bounds');
  for (const variable of spec.binaries) lines.push(` 0 <= ${variable} <= 1`);
  if (integer && spec.binaries.length > 0) lines.push('Binary', ` ${spec.binaries.join(' ')}`);
  lines.push('End');
  return lines.join('\n');
}

export interface HighsAnswer {
  status: string;
  objective: number;
  values: Map<string, number>;
  seconds: number;
}

// Typings describe the CommonJS build: the default import is the loader under ESM.
const loadHighs = highsExport as unknown as () => Promise<Highs>;
let highsInstance: Highs | null = null;

export async function solveWithHighs(spec: LpModelSpec, options: { integer: boolean; timeLimitSeconds: number }): Promise<HighsAnswer> {
  highsInstance ??= await loadHighs();
  const text = lpText(spec, options.integer);
  const started = performance.now();
  const result = highsInstance.solve(text, { output_flag: false, time_limit: options.timeLimitSeconds, mip_rel_gap: 1e-9 });
  const seconds = (performance.now() - started) / 1000;
  const values = new Map<string, number>();
  for (const [name, column] of Object.entries(result.Columns ?? {})) values.set(name, (column as { Primal: number }).Primal);
  return { status: result.Status, objective: result.ObjectiveValue, values, seconds };
}
