import lpSolverExport, { type Model, type SolverAPI } from 'javascript-lp-solver';

// The package's typings describe its CommonJS build, so TypeScript sees the default import as the
// whole module; Node's ESM entry (index.mjs) default-exports the solver itself.
const lpSolver = lpSolverExport as unknown as SolverAPI;

/**
 * The only door to javascript-lp-solver. It turns the library's quirks into our outcome union:
 * on a time-out the library may hand back fractional values flagged `feasible`, and it never says
 * whether the search finished, so this adapter measures the time itself and checks integrality and
 * every constraint against the values before it trusts them.
 */
export type LpOutcome =
  | { status: 'optimal'; values: Map<string, number>; objective: number }
  | { status: 'time_limit'; values: Map<string, number> | null }
  | { status: 'infeasible' | 'failed'; detail: string };

export interface LpModelSpec {
  /** Objective coefficient of every variable ("cost"), plus its constraint coefficients. */
  variables: Record<string, Record<string, number>>;
  constraints: Record<string, { max?: number; min?: number; equal?: number }>;
  binaries: string[];
}

/**
 * Drops from the columns, in place, every row no constraint bounds (a court that can hold everything):
 * the library would otherwise carry them as free rows in its dense tableau.
 */
export function dropFreeRows(spec: LpModelSpec): void {
  for (const column of Object.values(spec.variables)) {
    for (const row of Object.keys(column)) if (row !== 'cost' && spec.constraints[row] === undefined) delete column[row];
  }
}

const integralityTolerance = 1e-6;
const feasibilityTolerance = 1e-6;

export function solveLinearModel(spec: LpModelSpec, options: { timeLimitMs: number; integer: boolean; clock: () => number }): LpOutcome {
  const model: Model = {
    optimize: 'cost',
    opType: 'min',
    constraints: spec.constraints,
    variables: spec.variables,
    ...(options.integer ? { binaries: Object.fromEntries(spec.binaries.map((name) => [name, 1])) } : {}),
    // MIR cuts with hybrid node selection and pseudocost branching solve our court models 5–100×
    // faster than the library's defaults (measured on the sample requests).
    options: { timeout: Math.max(1, options.timeLimitMs), tolerance: 0, useMIRCuts: true, nodeSelection: 'hybrid', branching: 'pseudocost' },
  };
  const started = options.clock();
  let raw: Record<string, unknown>;
  try {
    raw = lpSolver.Solve(model) as Record<string, unknown>;
  } catch (error) {
    return { status: 'failed', detail: error instanceof Error ? error.message : String(error) };
  }
  const timedOut = options.clock() - started >= options.timeLimitMs;
  if (raw.feasible !== true) {
    return timedOut ? { status: 'time_limit', values: null } : { status: 'infeasible', detail: 'javascript-lp-solver found no feasible point' };
  }
  if (raw.bounded === false) return { status: 'failed', detail: 'javascript-lp-solver reports an unbounded model' };

  const values = new Map<string, number>();
  for (const name of Object.keys(spec.variables)) {
    const value = raw[name];
    values.set(name, typeof value === 'number' ? value : 0);
  }
  const trustworthy = isFeasible(spec, values) && (!options.integer || isIntegral(spec, values));
  if (timedOut || !trustworthy) return { status: 'time_limit', values: trustworthy ? values : null };
  return { status: 'optimal', values, objective: objectiveOf(spec, values) };
}

function isIntegral(spec: LpModelSpec, values: Map<string, number>): boolean {
  return spec.binaries.every((name) => {
    const value = values.get(name) ?? 0;
    return Math.abs(value - Math.round(value)) <= integralityTolerance;
  });
}

function isFeasible(spec: LpModelSpec, values: Map<string, number>): boolean {
  const activity = new Map<string, number>();
  for (const [name, coefficients] of Object.entries(spec.variables)) {
    const value = values.get(name) ?? 0;
    if (value < -feasibilityTolerance) return false;
    for (const [constraint, coefficient] of Object.entries(coefficients)) {
      if (constraint !== 'cost') activity.set(constraint, (activity.get(constraint) ?? 0) + coefficient * value);
    }
  }
  return Object.entries(spec.constraints).every(([name, bound]) => {
    const level = activity.get(name) ?? 0;
    const slack = feasibilityTolerance * Math.max(1, Math.abs(level));
    if (bound.max !== undefined && level > bound.max + slack) return false;
    if (bound.min !== undefined && level < bound.min - slack) return false;
    return bound.equal === undefined || Math.abs(level - bound.equal) <= slack;
  });
}

function objectiveOf(spec: LpModelSpec, values: Map<string, number>): number {
  let objective = 0;
  for (const [name, coefficients] of Object.entries(spec.variables)) objective += (coefficients.cost ?? 0) * (values.get(name) ?? 0);
  return objective;
}
