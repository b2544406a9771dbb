import { keptRowIndex, type AppendedRow, type SparseProgram } from './sparseProgram.js';

/**
 * The bounded dual simplex for the exact path's small programs, with the basis inverse kept dense.
 *
 * Variables 0..n-1 are the program's columns, n..n+m-1 the rows' slacks (column e_i). Every variable
 * sits in [lower, upper] with lower finite; a nonbasic one sits at one of its bounds (`atUpper`). The
 * basis stays dual feasible throughout (reduced cost ≥ 0 at lower, ≤ 0 at upper): that is what lets
 * branch and bound change any bound and go on from whatever basis the last node left, with no phase 1
 * and no refactorisation, and what makes the dual simplex the right one here.
 *
 * Pricing is exact dual steepest edge: with the inverse explicit, a row's weight ‖e_r B⁻¹‖² is
 * recomputed for every row the pivot touches. The ratio test flips bounds (0-1 columns passed on the
 * way go to their other bound) and picks the entering column with Harris's tolerance.
 *
 * Numerics are guarded where they could make the exact path wrong, not only slow: a node's bound is the
 * Lagrangian value of the duals recomputed from the original data (`safeBound`), valid for any duals,
 * and infeasibility is declared only with a Farkas row checked against the original data.
 */
export type LpStatus = 'optimal' | 'infeasible' | 'cutoff' | 'iteration_limit' | 'failed';

const primalTolerance = 1e-7;
const dualTolerance = 1e-9;
const pivotTolerance = 1e-9;
/** A refactorisation is due when a pivot read from the row and from the column differ by more. */
const pivotAgreement = 1e-7;
/** Pivots after which values are recomputed from the inverse before they are trusted (4× that: always). */
const recomputeAfter = 16;
/** An updated weight below this share of its terms' size has lost its digits to cancellation. */
const weightCancellation = 1e-8;
/** Nonbasic moves at a solve's start past which the basic values are computed afresh instead. */
const maxIncrementalMoves = 16;

/** A copy of a DualSimplex's basis and the values derived from it (see saveBasis). */
export interface BasisSnapshot {
  arrays: (Int32Array | Uint8Array | Float64Array)[];
  freshInverse: boolean;
  updatesSinceRecompute: number;
}

export class DualSimplex {
  readonly columnCount: number;
  readonly rowCount: number;
  /** Bounds per variable (columns, then slacks); branch and bound changes the columns' bounds. */
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  /** Reduced costs in true units from the last `safeBound` (slacks included). */
  readonly trueReducedCost: Float64Array;
  private readonly program: SparseProgram;
  /** Costs divided by the largest |cost|, so that the dual tolerance is relative. */
  private readonly cost: Float64Array;
  private readonly costScale: number;
  private readonly basicVariable: Int32Array;
  private readonly positionOf: Int32Array;
  private readonly atUpper: Uint8Array;
  /** B⁻¹ row-major: row r (the basic variable in position r) at [r·m, (r+1)·m). */
  private readonly inverse: Float64Array;
  private readonly weight: Float64Array;
  private readonly primal: Float64Array;
  private readonly reducedCost: Float64Array;
  private readonly duals: Float64Array;
  private readonly pivotRow: Float64Array;
  private readonly pivotColumn: Float64Array;
  private readonly residual: Float64Array;
  /** Per variable: its breakpoint in the current ratio test. */
  private readonly ratio: Float64Array;
  private readonly candidateBuffer: Int32Array;
  /** A row-wise (CSR) copy of the program's matrix, for tableauRow. */
  private readonly rowStart: Int32Array;
  private readonly rowColumn: Int32Array;
  private readonly rowCoefficient: Float64Array;
  /** Per nonbasic variable: the level the basic values were last computed or updated with. */
  private readonly assumedLevel: Float64Array;
  /** Pivots and incremental starts since the basic values were last computed from B⁻¹ afresh (∞: never). */
  private updatesSinceRecompute = Infinity;
  /** The scaled pivot row of B⁻¹ as (position, value) pairs, for the update. */
  private readonly pivotNonzeroAt: Int32Array;
  private readonly pivotNonzeroValue: Float64Array;
  iterations = 0;
  /** Whether B⁻¹ was computed from the basis itself since the last pivot (no drift possible). */
  private freshInverse = true;
  /** The safe bound at the end of the last `solve` that ended optimal or cut off. */
  bound = -Infinity;

  /** `basis: 'carried'` leaves the basis to the caller (extendedTo, reducedTo), which sets all of it. */
  constructor(program: SparseProgram, { basis }: { basis: 'slack' | 'carried' } = { basis: 'slack' }) {
    const n = program.columnCount;
    const m = program.rowCount;
    const total = n + m;
    this.program = program;
    this.columnCount = n;
    this.rowCount = m;
    this.lower = new Float64Array(total);
    this.upper = new Float64Array(total);
    this.upper.set(program.upper, 0);
    this.upper.set(program.slackUpper, n);
    let largest = 0;
    for (let j = 0; j < n; j++) largest = Math.max(largest, Math.abs(program.cost[j]!));
    this.costScale = largest > 0 ? largest : 1;
    this.cost = new Float64Array(total);
    for (let j = 0; j < n; j++) this.cost[j] = program.cost[j]! / this.costScale;
    this.trueReducedCost = new Float64Array(total);
    this.basicVariable = new Int32Array(m);
    this.positionOf = new Int32Array(total);
    this.atUpper = new Uint8Array(total);
    this.inverse = new Float64Array(m * m);
    this.weight = new Float64Array(m);
    this.primal = new Float64Array(m);
    this.reducedCost = new Float64Array(total);
    this.duals = new Float64Array(m);
    this.pivotRow = new Float64Array(total);
    this.pivotColumn = new Float64Array(m);
    this.residual = new Float64Array(m);
    this.ratio = new Float64Array(total);
    this.candidateBuffer = new Int32Array(total);
    this.assumedLevel = new Float64Array(total);
    [this.rowStart, this.rowColumn, this.rowCoefficient] = rowWise(program);
    this.pivotNonzeroAt = new Int32Array(m);
    this.pivotNonzeroValue = new Float64Array(m);
    if (basis === 'slack') this.slackBasis();
  }

  /** The slack basis (B = I): dual feasible once every column sits at the bound its cost prefers. */
  private slackBasis(): void {
    const n = this.columnCount;
    const m = this.rowCount;
    this.positionOf.fill(-1);
    this.inverse.fill(0);
    for (let r = 0; r < m; r++) {
      this.basicVariable[r] = n + r;
      this.positionOf[n + r] = r;
      this.inverse[r * m + r] = 1;
      this.weight[r] = 1;
    }
    this.recomputeDuals();
  }

  value(variable: number): number {
    const position = this.positionOf[variable]!;
    if (position >= 0) return this.primal[position]!;
    return this.atUpper[variable] ? this.upper[variable]! : this.lower[variable]!;
  }

  /**
   * The basis and everything derived from it, copied into `into` (allocated on first use): strong
   * branching probes a child for a few pivots and comes back here, so that every probe and the dive
   * that follows start from the parent's optimal basis instead of the last probe's (tiny-103: 823 of
   * 1,078 pivots were probes, many of them undoing the probe before).
   */
  saveBasis(into?: BasisSnapshot): BasisSnapshot {
    const state = this.basisState();
    if (into) state.forEach((array, at) => into.arrays[at]!.set(array));
    return { arrays: into?.arrays ?? state.map((array) => array.slice()), freshInverse: this.freshInverse, updatesSinceRecompute: this.updatesSinceRecompute };
  }

  /** Back to a basis `saveBasis` took from this simplex (the bounds are the caller's to restore). */
  restoreBasis(snapshot: BasisSnapshot): void {
    this.basisState().forEach((array, at) => array.set(snapshot.arrays[at]!));
    this.freshInverse = snapshot.freshInverse;
    this.updatesSinceRecompute = snapshot.updatesSinceRecompute;
  }

  /** What a basis is: which variable sits where, at which bound, B⁻¹ and the values that follow from them. */
  private basisState(): BasisSnapshot['arrays'] {
    return [this.basicVariable, this.positionOf, this.atUpper, this.inverse, this.weight, this.primal, this.reducedCost, this.duals, this.assumedLevel];
  }

  /** Objective of the current basic solution in true units (the dual objective while primal infeasible). */
  objective(): number {
    let sum = 0;
    for (let j = 0; j < this.columnCount; j++) sum += this.cost[j]! * this.value(j);
    return sum * this.costScale;
  }

  /**
   * Solves from the current basis after bounds changed: nonbasic variables move to the bound their
   * reduced cost asks for, then dual simplex pivots. Stops early with `cutoff` once the safe bound
   * reaches `cutoff`; with `iteration_limit` after `iterationLimit` pivots or once `outOfTime` says so
   * (the basis stays dual feasible: `safeBound` is still valid).
   */
  solve(cutoff: number, iterationLimit: number, outOfTime?: () => boolean): LpStatus {
    this.placeNonbasic();
    this.updatePrimalForLevels();
    for (let step = 0; step < iterationLimit; step++) {
      const leaving = this.chooseLeaving();
      if (leaving === -1) {
        // Confirm with fresh values before calling it optimal once enough updates could have drifted.
        if (this.updatesSinceRecompute < recomputeAfter) {
          this.bound = this.safeBound();
          return this.bound >= cutoff ? 'cutoff' : 'optimal';
        }
        this.recomputeDuals();
        this.placeNonbasic();
        this.recomputePrimal();
        continue;
      }
      const outcome = this.pivot(leaving);
      if (outcome === 'infeasible' || outcome === 'failed') return outcome;
      this.iterations++;
      // A large program's LP can take seconds: the caller's clock is read every 32 pivots.
      if ((step & 31) === 31 && outOfTime?.()) return 'iteration_limit';
      if (++this.updatesSinceRecompute >= 4 * recomputeAfter) {
        this.recomputeDuals();
        this.placeNonbasic();
        this.recomputePrimal();
        if (this.objective() >= cutoff) {
          this.bound = this.safeBound();
          if (this.bound >= cutoff) return 'cutoff';
        }
      }
    }
    return 'iteration_limit';
  }

  /**
   * A lower bound on the program under the current bounds, valid for any duals: the Lagrangian
   *   L(y) = y·rhs + Σ_j min(d_j·lower_j, d_j·upper_j),  d = cost − yA,
   * with y recomputed from the basis in true units and clamped to the sign a slack with no upper
   * bound needs (y_i ≤ 0). Fills `trueReducedCost`.
   */
  safeBound(): number {
    const { program } = this;
    const n = this.columnCount;
    const m = this.rowCount;
    this.recomputeDuals();
    let bound = 0;
    for (let i = 0; i < m; i++) {
      let y = this.duals[i]! * this.costScale;
      if (this.upper[n + i] === Infinity && y > 0) y = 0;
      this.residual[i] = y;
      bound += y * program.rhs[i]!;
      const slackCost = -y;
      this.trueReducedCost[n + i] = slackCost;
      bound += slackCost >= 0 ? slackCost * this.lower[n + i]! : slackCost * this.upper[n + i]!;
    }
    for (let j = 0; j < n; j++) {
      let d = program.cost[j]!;
      for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) d -= this.residual[program.rowIndex[k]!]! * program.coefficient[k]!;
      this.trueReducedCost[j] = d;
      if (d < 0 && this.upper[j] === Infinity) return -Infinity;
      bound += d >= 0 ? d * this.lower[j]! : d * this.upper[j]!;
    }
    // Rounding in the sum itself is far below any gap we report; keep a margin anyway.
    return bound - 1e-12 * Math.abs(bound);
  }

  private placeNonbasic(): void {
    const total = this.columnCount + this.rowCount;
    for (let j = 0; j < total; j++) {
      if (this.positionOf[j]! >= 0) continue;
      // Within the tolerance either bound is right: moving would only churn the primal values.
      const d = this.reducedCost[j]!;
      if (this.upper[j] === Infinity) this.atUpper[j] = 0;
      else if (d < -dualTolerance) this.atUpper[j] = 1;
      else if (d > dualTolerance) this.atUpper[j] = 0;
    }
  }

  /** x_B = B⁻¹ (rhs − N x_N). */
  private recomputePrimal(): void {
    const { program, residual } = this;
    const n = this.columnCount;
    const m = this.rowCount;
    residual.set(program.rhs);
    for (let j = 0; j < n; j++) {
      if (this.positionOf[j]! >= 0) continue;
      const level = this.atUpper[j] ? this.upper[j]! : this.lower[j]!;
      this.assumedLevel[j] = level;
      if (level === 0) continue;
      for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) residual[program.rowIndex[k]!]! -= level * program.coefficient[k]!;
    }
    for (let i = 0; i < m; i++) {
      if (this.positionOf[n + i]! >= 0) continue;
      const level = this.atUpper[n + i] ? this.upper[n + i]! : this.lower[n + i]!;
      this.assumedLevel[n + i] = level;
      residual[i]! -= level;
    }
    this.updatesSinceRecompute = 0;
    for (let r = 0; r < m; r++) {
      let sum = 0;
      const offset = r * m;
      for (let i = 0; i < m; i++) sum += this.inverse[offset + i]! * residual[i]!;
      this.primal[r] = sum;
    }
  }

  /**
   * The basic values after nonbasic variables moved to other levels (a branch's bound, a probe's, the
   * side a reduced cost asks for): x_B −= B⁻¹ Σ a_j Δx_j over the few that moved, where computing
   * x_B afresh costs rows² (13 % of exact-5's time went there when every node and probe did it).
   * Afresh when many moved, or values were not computed yet.
   */
  private updatePrimalForLevels(): void {
    const { program, residual } = this;
    const n = this.columnCount;
    const m = this.rowCount;
    const total = n + m;
    if (this.updatesSinceRecompute === Infinity) {
      this.recomputePrimal();
      return;
    }
    residual.fill(0);
    let moved = 0;
    for (let j = 0; j < total; j++) {
      if (this.positionOf[j]! >= 0) continue;
      const level = this.atUpper[j] ? this.upper[j]! : this.lower[j]!;
      const change = level - this.assumedLevel[j]!;
      if (change === 0) continue;
      // Infinite levels, or so many moves that the update costs what a recompute does.
      if (!Number.isFinite(change) || ++moved > maxIncrementalMoves) {
        this.recomputePrimal();
        return;
      }
      this.assumedLevel[j] = level;
      if (j < n) for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) residual[program.rowIndex[k]!]! += program.coefficient[k]! * change;
      else residual[j - n]! += change;
    }
    if (moved === 0) return;
    this.subtractInverseTimes(residual);
    this.updatesSinceRecompute++;
  }

  /** x_B −= B⁻¹ shift, over the shift's nonzeros (a column of B⁻¹ each). */
  private subtractInverseTimes(shift: Float64Array): void {
    const m = this.rowCount;
    for (let i = 0; i < m; i++) {
      const change = shift[i]!;
      if (change === 0) continue;
      for (let row = 0; row < m; row++) this.primal[row]! -= this.inverse[row * m + i]! * change;
    }
  }

  /** y = c_B B⁻¹ (scaled), then d_j = c_j − y·a_j for every nonbasic variable. */
  private recomputeDuals(): void {
    const { program, duals } = this;
    const n = this.columnCount;
    const m = this.rowCount;
    duals.fill(0);
    for (let r = 0; r < m; r++) {
      const basicCost = this.cost[this.basicVariable[r]!]!;
      if (basicCost === 0) continue;
      const offset = r * m;
      for (let i = 0; i < m; i++) duals[i]! += basicCost * this.inverse[offset + i]!;
    }
    for (let j = 0; j < n; j++) {
      if (this.positionOf[j]! >= 0) {
        this.reducedCost[j] = 0;
        continue;
      }
      let d = this.cost[j]!;
      for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) d -= duals[program.rowIndex[k]!]! * program.coefficient[k]!;
      this.reducedCost[j] = d;
    }
    for (let i = 0; i < m; i++) this.reducedCost[n + i] = this.positionOf[n + i]! >= 0 ? 0 : -duals[i]!;
  }

  /** The position whose basic variable is furthest out of its bounds, by dual steepest edge; -1 if none. */
  private chooseLeaving(): number {
    let best = -1;
    let bestScore = 0;
    for (let r = 0; r < this.rowCount; r++) {
      const variable = this.basicVariable[r]!;
      const level = this.primal[r]!;
      const below = this.lower[variable]! - level;
      const above = level - this.upper[variable]!;
      const infeasibility = below > primalTolerance ? below : above > primalTolerance ? above : 0;
      if (infeasibility === 0) continue;
      const score = (infeasibility * infeasibility) / this.weight[r]!;
      if (score > bestScore) {
        bestScore = score;
        best = r;
      }
    }
    return best;
  }

  /** One dual simplex pivot on the basic variable in position r. */
  private pivot(r: number): 'pivoted' | 'infeasible' | 'failed' {
    const n = this.columnCount;
    const m = this.rowCount;
    const total = n + m;
    const { program, pivotRow, inverse } = this;
    const leaving = this.basicVariable[r]!;
    const toLower = this.primal[r]! < this.lower[leaving]!;
    const rowOffset = r * m;

    // Row r of B⁻¹A over the nonbasic variables, and the bound-flipping ratio test on it: breakpoints
    // in the order the dual step meets them; a 0-1 column passed while the leaving variable is still
    // out of bounds after its flip goes to its other bound instead of entering (one pivot for many).
    this.tableauRow(r, pivotRow);
    const { ratio } = this;
    let candidateCount = 0;
    for (let j = 0; j < total; j++) {
      if (this.positionOf[j]! >= 0) continue;
      const alpha = pivotRow[j]!;
      if (!this.eligible(j, alpha, toLower)) continue;
      const slack = this.atUpper[j] ? Math.max(0, -this.reducedCost[j]!) : Math.max(0, this.reducedCost[j]!);
      ratio[j] = slack / Math.abs(alpha);
      this.candidateBuffer[candidateCount++] = j;
    }
    if (candidateCount === 0) return this.noEnteringColumn(r, toLower);
    // The breakpoints are taken smallest first by selection, not a sort: the slope usually runs out
    // within the first few of hundreds of candidates.
    const candidates = this.candidateBuffer;
    let slope = toLower ? this.lower[leaving]! - this.primal[r]! : this.primal[r]! - this.upper[leaving]!;
    let passed = 0;
    for (; passed < candidateCount; passed++) {
      let least = passed;
      for (let at = passed + 1; at < candidateCount; at++) if (ratio[candidates[at]!]! < ratio[candidates[least]!]!) least = at;
      const j = candidates[least]!;
      candidates[least] = candidates[passed]!;
      candidates[passed] = j;
      const drop = Math.abs(pivotRow[j]!) * (this.upper[j]! - this.lower[j]!);
      if (!(slope - drop > primalTolerance)) break;
      slope -= drop;
    }
    if (passed === candidateCount) return this.noEnteringColumn(r, toLower);
    // Harris among the rest: the largest pivot within the tolerance of the first breakpoint left.
    let harrisStep = Infinity;
    for (let at = passed; at < candidateCount; at++) {
      const j = candidates[at]!;
      harrisStep = Math.min(harrisStep, ratio[j]! + dualTolerance / Math.abs(pivotRow[j]!));
    }
    let entering = -1;
    let enteringSize = 0;
    for (let at = passed; at < candidateCount; at++) {
      const j = candidates[at]!;
      if (ratio[j]! <= harrisStep && Math.abs(pivotRow[j]!) > enteringSize) {
        enteringSize = Math.abs(pivotRow[j]!);
        entering = j;
      }
    }

    // Column B⁻¹a_q; the pivot read both ways must agree, else the inverse has drifted.
    const column = this.pivotColumn;
    if (entering < n) {
      column.fill(0);
      for (let k = program.columnStart[entering]!; k < program.columnStart[entering + 1]!; k++) {
        const row = program.rowIndex[k]!;
        const value = program.coefficient[k]!;
        for (let i = 0; i < m; i++) column[i]! += inverse[i * m + row]! * value;
      }
    } else for (let i = 0; i < m; i++) column[i] = inverse[i * m + entering - n]!;
    const pivotValue = column[r]!;
    if (Math.abs(pivotValue - pivotRow[entering]!) > pivotAgreement * (1 + Math.abs(pivotValue))) {
      return this.refactor() ? 'pivoted' : 'failed';
    }

    // Duals: d_j −= θ α_j keeps every sign (the ratio test chose θ so), the leaving variable gets −θ.
    const theta = this.reducedCost[entering]! / pivotValue;
    for (let j = 0; j < total; j++) if (this.positionOf[j]! < 0) this.reducedCost[j]! -= theta * pivotRow[j]!;
    this.reducedCost[entering] = 0;
    this.reducedCost[leaving] = -theta;

    // Primal: the columns passed flip to their other bound (x_B −= B⁻¹ Σ a_j Δx_j) ...
    if (passed > 0) {
      const shift = this.residual;
      shift.fill(0);
      for (let at = 0; at < passed; at++) {
        const j = candidates[at]!;
        const change = this.atUpper[j] ? this.lower[j]! - this.upper[j]! : this.upper[j]! - this.lower[j]!;
        this.atUpper[j] = this.atUpper[j] ? 0 : 1;
        this.assumedLevel[j] = this.atUpper[j] ? this.upper[j]! : this.lower[j]!;
        if (j < n) for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) shift[program.rowIndex[k]!]! += program.coefficient[k]! * change;
        else shift[j - n]! += change;
      }
      this.subtractInverseTimes(shift);
    }
    // ... then the leaving variable goes to the bound it broke, the entering one moves by t.
    const target = toLower ? this.lower[leaving]! : this.upper[leaving]!;
    const step = -(target - this.primal[r]!) / pivotValue;
    const enteringLevel = this.value(entering);
    for (let i = 0; i < m; i++) this.primal[i]! -= step * column[i]!;
    this.primal[r] = enteringLevel + step;
    this.positionOf[leaving] = -1;
    this.atUpper[leaving] = toLower ? 0 : 1;
    this.assumedLevel[leaving] = target;
    this.basicVariable[r] = entering;
    this.positionOf[entering] = r;
    this.freshInverse = false;

    // B⁻¹: divide the pivot row, eliminate the column elsewhere, over the pivot row's nonzeros only
    // (a row of B⁻¹ is mostly zeros here: 13–40 % filled on the sample requests, and the dense sweep
    // was most of a pivot's time). A touched row's weight follows from its old one:
    // ‖b − f·p‖² = ‖b‖² − 2f·(b·p) + f²‖p‖²; where that cancels badly it is summed afresh.
    const scale = 1 / pivotValue;
    const { pivotNonzeroAt, pivotNonzeroValue } = this;
    let nonzeros = 0;
    let norm = 0;
    for (let i = 0; i < m; i++) {
      const entry = inverse[rowOffset + i]!;
      if (entry === 0) continue;
      const value = entry * scale;
      inverse[rowOffset + i] = value;
      pivotNonzeroAt[nonzeros] = i;
      pivotNonzeroValue[nonzeros++] = value;
      norm += value * value;
    }
    this.weight[r] = norm;
    for (let row = 0; row < m; row++) {
      const factor = column[row]!;
      if (row === r || factor === 0) continue;
      const offset = row * m;
      let dot = 0;
      for (let k = 0; k < nonzeros; k++) {
        const at = offset + pivotNonzeroAt[k]!;
        const entry = inverse[at]!;
        dot += entry * pivotNonzeroValue[k]!;
        inverse[at] = entry - factor * pivotNonzeroValue[k]!;
      }
      const before = this.weight[row]!;
      const after = before - 2 * factor * dot + factor * factor * norm;
      this.weight[row] = after > weightCancellation * (before + factor * factor * norm) ? after : this.rowNorm(row);
    }
    return 'pivoted';
  }

  /** ‖e_row B⁻¹‖², summed afresh. */
  private rowNorm(row: number): number {
    const m = this.rowCount;
    const offset = row * m;
    let norm = 0;
    for (let i = 0; i < m; i++) norm += this.inverse[offset + i]! * this.inverse[offset + i]!;
    return norm;
  }

  /**
   * Row r of B⁻¹[A I] at the nonbasic variables (what it leaves at basic ones is not meaningful):
   * row by row over the nonzeros of B⁻¹'s row r, from a row-wise copy of A (a fraction of the work
   * of a dot product per column, since that row is mostly zeros).
   */
  tableauRow(r: number, out: Float64Array): void {
    const { inverse, rowStart, rowColumn, rowCoefficient } = this;
    const n = this.columnCount;
    const m = this.rowCount;
    const rowOffset = r * m;
    out.fill(0, 0, n);
    for (let i = 0; i < m; i++) {
      const entry = inverse[rowOffset + i]!;
      out[n + i] = entry;
      if (entry === 0) continue;
      for (let k = rowStart[i]!; k < rowStart[i + 1]!; k++) out[rowColumn[k]!]! += entry * rowCoefficient[k]!;
    }
  }

  /** The program's row `row`: its columns and their coefficients. */
  rowEntries(row: number): { column: number; coefficient: number }[] {
    const entries: { column: number; coefficient: number }[] = [];
    for (let k = this.rowStart[row]!; k < this.rowStart[row + 1]!; k++) entries.push({ column: this.rowColumn[k]!, coefficient: this.rowCoefficient[k]! });
    return entries;
  }

  /** Adds `factor` times the program's row `row` (its columns only) to `out`. */
  addRowTimes(row: number, factor: number, out: Float64Array): void {
    for (let k = this.rowStart[row]!; k < this.rowStart[row + 1]!; k++) out[this.rowColumn[k]!]! += factor * this.rowCoefficient[k]!;
  }

  isBasic(variable: number): boolean {
    return this.positionOf[variable]! >= 0;
  }

  isAtUpper(variable: number): boolean {
    return this.atUpper[variable] === 1;
  }

  basicAt(position: number): number {
    return this.basicVariable[position]!;
  }

  /**
   * The rows (cuts) of this program whose slack is basic and strictly inside its bounds at the current
   * point: they do not hold the LP optimum where it is.
   */
  slackRows(from: number): number[] {
    const n = this.columnCount;
    const rows: number[] = [];
    for (let row = from; row < this.rowCount; row++) {
      const position = this.positionOf[n + row]!;
      if (position >= 0 && this.primal[position]! > primalTolerance) rows.push(row);
    }
    return rows;
  }

  /**
   * This simplex's basis carried over to `reduced`, this program without `rows`, each of whose slacks
   * is basic: ordering B with such a row and its slack last, B = [B' 0; c 1] and B⁻¹ = [B'⁻¹ 0; −cB'⁻¹ 1],
   * so B'⁻¹ is B⁻¹ without the slack's position and the row's column: no refactorisation.
   */
  reducedTo(reduced: SparseProgram, rows: readonly number[]): DualSimplex {
    const next = new DualSimplex(reduced, { basis: 'carried' });
    const n = this.columnCount;
    const m = this.rowCount;
    const size = next.rowCount;
    const newRow = keptRowIndex(m, rows);
    next.lower.set(this.lower.subarray(0, n), 0);
    next.upper.set(this.upper.subarray(0, n), 0);
    next.atUpper.set(this.atUpper.subarray(0, n), 0);
    for (let row = 0; row < m; row++) {
      if (newRow[row] === -1) continue;
      next.lower[n + newRow[row]!] = this.lower[n + row]!;
      next.upper[n + newRow[row]!] = this.upper[n + row]!;
      next.atUpper[n + newRow[row]!] = this.atUpper[n + row]!;
    }
    next.positionOf.fill(-1);
    let position = 0;
    for (let r = 0; r < m; r++) {
      const variable = this.basicVariable[r]!;
      if (variable >= n && newRow[variable - n] === -1) continue;
      const mapped = variable < n ? variable : n + newRow[variable - n]!;
      next.basicVariable[position] = mapped;
      next.positionOf[mapped] = position;
      const from = r * m;
      const to = position * size;
      for (let row = 0; row < m; row++) if (newRow[row] !== -1) next.inverse[to + newRow[row]!] = this.inverse[from + row]!;
      position++;
    }
    next.resetWeightsAndValues(this.iterations);
    return next;
  }

  /**
   * This simplex's basis carried over to `extended`, this program with `rows` appended (cuts): the old
   * variables keep their status, the new rows' slacks are basic. With C_B the new rows' entries at the
   * basic columns, B' = [B 0; C_B I], so B'⁻¹ = [B⁻¹ 0; −C_B B⁻¹ I]: no refactorisation.
   */
  extendedTo(extended: SparseProgram, rows: readonly AppendedRow[]): DualSimplex {
    const next = new DualSimplex(extended, { basis: 'carried' });
    const n = this.columnCount;
    const m = this.rowCount;
    const size = next.rowCount;
    next.lower.set(this.lower.subarray(0, n + m), 0);
    next.upper.set(this.upper.subarray(0, n + m), 0);
    next.atUpper.set(this.atUpper.subarray(0, n + m), 0);
    next.positionOf.fill(-1);
    for (let r = 0; r < m; r++) {
      next.basicVariable[r] = this.basicVariable[r]!;
      next.positionOf[this.basicVariable[r]!] = r;
      next.inverse.set(this.inverse.subarray(r * m, (r + 1) * m), r * size);
    }
    rows.forEach((row, added) => {
      const position = m + added;
      next.basicVariable[position] = n + position;
      next.positionOf[n + position] = position;
      const offset = position * size;
      for (let r = 0; r < m; r++) {
        const variable = this.basicVariable[r]!;
        const entry = variable < n ? row.coefficient[variable]! : 0;
        if (entry === 0) continue;
        for (let i = 0; i < m; i++) next.inverse[offset + i]! -= entry * this.inverse[r * m + i]!;
      }
      next.inverse[offset + position] = 1;
    });
    next.resetWeightsAndValues(this.iterations);
    return next;
  }

  /** After B⁻¹ was carried over from another program: weights, duals and values from it afresh. */
  private resetWeightsAndValues(iterations: number): void {
    const size = this.rowCount;
    for (let r = 0; r < size; r++) this.weight[r] = this.rowNorm(r);
    this.iterations = iterations;
    this.recomputeDuals();
    this.placeNonbasic();
    this.recomputePrimal();
  }

  /**
   * No column can bring the leaving variable back: the LP is infeasible if row r of B⁻¹ proves it on
   * the original data. If it does not, the inverse has drifted (a basic column's entry in that row is
   * no longer zero): refactorise once and go on; a second miss right after one is a failure.
   */
  private noEnteringColumn(r: number, toLower: boolean): 'pivoted' | 'infeasible' | 'failed' {
    if (this.certifiedInfeasible(r, toLower)) return 'infeasible';
    if (this.freshInverse) return 'failed';
    return this.refactor() ? 'pivoted' : 'failed';
  }

  /** Whether nonbasic j can move the leaving variable towards the bound it broke. */
  private eligible(j: number, alpha: number, toLower: boolean): boolean {
    if (this.lower[j] === this.upper[j]) return false;
    // x_p changes by −α·Δx_j: to raise it, raise j with α < 0 or lower j with α > 0.
    if (toLower) return this.atUpper[j] ? alpha > pivotTolerance : alpha < -pivotTolerance;
    return this.atUpper[j] ? alpha < -pivotTolerance : alpha > pivotTolerance;
  }

  /**
   * Farkas check from the original data: row r of B⁻¹ (ρ) gives Σ_j (ρ·a_j) x_j = ρ·rhs for every
   * solution; infeasible when no point in the bounds reaches it.
   */
  private certifiedInfeasible(r: number, toLower: boolean): boolean {
    const { program, inverse } = this;
    const n = this.columnCount;
    const m = this.rowCount;
    const offset = r * m;
    let target = 0;
    let reach = 0;
    let scaleOfSum = 0;
    for (let i = 0; i < m; i++) target += inverse[offset + i]! * program.rhs[i]!;
    for (let j = 0; j < n + m; j++) {
      let alpha: number;
      if (j < n) {
        alpha = 0;
        for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) alpha += inverse[offset + program.rowIndex[k]!]! * program.coefficient[k]!;
      } else alpha = inverse[offset + j - n]!;
      // An entry at noise level on a variable without an upper bound is read as the zero it is.
      if (alpha === 0 || (Math.abs(alpha) <= pivotTolerance && this.upper[j] === Infinity)) continue;
      // x_p = target − Σ_{j≠p} α_j x_j. toLower: x_p cannot rise to its lower bound, so even the
      // smallest left side (x_p at its lower bound) exceeds the target; else the largest falls short.
      const extreme = toLower ? Math.min(alpha * this.lower[j]!, alpha * this.upper[j]!) : Math.max(alpha * this.lower[j]!, alpha * this.upper[j]!);
      if (!Number.isFinite(extreme)) return false;
      reach += extreme;
      scaleOfSum += Math.abs(extreme);
    }
    const margin = 1e-9 * (1 + scaleOfSum + Math.abs(target));
    return toLower ? reach > target + margin : reach < target - margin;
  }

  /** B⁻¹ from the basic columns again (Gauss-Jordan with partial pivoting); false if B is singular. */
  private refactor(): boolean {
    const { program } = this;
    const n = this.columnCount;
    const m = this.rowCount;
    const basis = new Float64Array(m * m);
    for (let r = 0; r < m; r++) {
      const variable = this.basicVariable[r]!;
      if (variable < n) {
        for (let k = program.columnStart[variable]!; k < program.columnStart[variable + 1]!; k++) basis[program.rowIndex[k]! * m + r] = program.coefficient[k]!;
      } else basis[(variable - n) * m + r] = 1;
    }
    const inverse = this.inverse;
    inverse.fill(0);
    for (let i = 0; i < m; i++) inverse[i * m + i] = 1;
    for (let column = 0; column < m; column++) {
      let pivotRowIndex = -1;
      let largest = 1e-12;
      for (let row = column; row < m; row++) {
        const size = Math.abs(basis[row * m + column]!);
        if (size > largest) [largest, pivotRowIndex] = [size, row];
      }
      if (pivotRowIndex === -1) return false;
      if (pivotRowIndex !== column) {
        for (let i = 0; i < m; i++) {
          [basis[column * m + i], basis[pivotRowIndex * m + i]] = [basis[pivotRowIndex * m + i]!, basis[column * m + i]!];
          [inverse[column * m + i], inverse[pivotRowIndex * m + i]] = [inverse[pivotRowIndex * m + i]!, inverse[column * m + i]!];
        }
      }
      const scale = 1 / basis[column * m + column]!;
      for (let i = 0; i < m; i++) {
        basis[column * m + i]! *= scale;
        inverse[column * m + i]! *= scale;
      }
      for (let row = 0; row < m; row++) {
        const factor = basis[row * m + column]!;
        if (row === column || factor === 0) continue;
        for (let i = 0; i < m; i++) {
          basis[row * m + i]! -= factor * basis[column * m + i]!;
          inverse[row * m + i]! -= factor * inverse[column * m + i]!;
        }
      }
    }
    // Gauss-Jordan on B gives B⁻¹ with rows in the order of B's columns: position r's row is row r.
    for (let r = 0; r < m; r++) {
      let norm = 0;
      for (let i = 0; i < m; i++) norm += inverse[r * m + i]! ** 2;
      this.weight[r] = norm;
    }
    this.freshInverse = true;
    this.recomputeDuals();
    this.placeNonbasic();
    this.recomputePrimal();
    return true;
  }
}

/** The program's matrix row by row: row i's columns and coefficients at [start[i], start[i+1]). */
function rowWise(program: SparseProgram): [Int32Array, Int32Array, Float64Array] {
  const m = program.rowCount;
  const entries = program.columnStart[program.columnCount]!;
  const start = new Int32Array(m + 1);
  for (let k = 0; k < entries; k++) start[program.rowIndex[k]! + 1]!++;
  for (let i = 0; i < m; i++) start[i + 1]! += start[i]!;
  const next = start.slice(0, m);
  const column = new Int32Array(entries);
  const coefficient = new Float64Array(entries);
  for (let j = 0; j < program.columnCount; j++) {
    for (let k = program.columnStart[j]!; k < program.columnStart[j + 1]!; k++) {
      const at = next[program.rowIndex[k]!]!++;
      column[at] = j;
      coefficient[at] = program.coefficient[k]!;
    }
  }
  return [start, column, coefficient];
}
