/**
 * Pseudocosts for branching: per 0-1 variable and direction, the mean rise of the LP bound per unit
 * the branch moved the variable. A variable never branched on in a direction borrows the mean over
 * all variables, so early choices fall back to fractionality.
 */
export class Pseudocosts {
  private readonly sum: Float64Array;
  private readonly count: Float64Array;
  private readonly total = [0, 0];
  private readonly observations = [0, 0];

  constructor(variableCount: number) {
    // Layout: [variable · 2 + direction], direction 0 = down (to 0), 1 = up (to 1).
    this.sum = new Float64Array(variableCount * 2);
    this.count = new Float64Array(variableCount * 2);
  }

  /** The child that set `variable` to `level` (from LP value `value`) raised the bound by `rise`. */
  record(variable: number, level: 0 | 1, value: number, rise: number): void {
    const distance = level === 1 ? 1 - value : value;
    if (distance < 1e-6 || !(rise >= 0) || rise === Infinity) return;
    const perUnit = rise / distance;
    this.sum[variable * 2 + level]! += perUnit;
    this.count[variable * 2 + level]! += 1;
    this.total[level]! += perUnit;
    this.observations[level]! += 1;
  }

  /** Whether a direction of `variable` has been seen (strong branching measures it otherwise). */
  isReliable(variable: number, level: 0 | 1): boolean {
    return this.count[variable * 2 + level]! >= 1;
  }

  /** The product score of branching on `variable` at LP value `value` (higher is better). */
  score(variable: number, value: number): number {
    const down = value * this.mean(variable, 0);
    const up = (1 - value) * this.mean(variable, 1);
    return Math.max(down, 1e-6) * Math.max(up, 1e-6);
  }

  private mean(variable: number, level: 0 | 1): number {
    const count = this.count[variable * 2 + level]!;
    if (count > 0) return this.sum[variable * 2 + level]! / count;
    return this.observations[level]! > 0 ? this.total[level]! / this.observations[level]! : 1;
  }
}
