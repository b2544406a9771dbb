import type { AssignmentModel } from './assignmentModel.js';
import { evaluateDual, supergradient, type DualEvaluation, type ScanPartner } from './lagrangianBound.js';

/**
 * Subgradient steps on the capacity prices: Polyak's rule toward a target (the incumbent's objective,
 * or while there is none an estimate 5 % above the bound), the step deflected against the last one,
 * halved after 12 steps without a better bound (back at the best prices). Every evaluation is a true
 * bound (lagrangianBound.ts). With a scan partner, each evaluation is shared with its thread.
 */
export class SubgradientSteps {
  readonly bestPrice: Float64Array;
  evaluation: DualEvaluation;
  /** The best bound the prices gave so far (at bestPrice). */
  bestBound: number;
  steps = 0;
  /** The steps gain nothing more worth their time (or the prices are optimal). */
  settled = false;
  private readonly slope: Float64Array;
  private readonly direction: Float64Array;
  private stepScale = 1;
  private sinceImprovement = 0;
  private boundAtCheckpoint: number;

  /** From `price` (kept, and moved by the steps) evaluated as `evaluation`. */
  constructor(
    private readonly model: AssignmentModel,
    readonly price: Float64Array,
    evaluation: DualEvaluation,
    private readonly partner: ScanPartner | null = null,
  ) {
    this.bestPrice = Float64Array.from(price);
    this.evaluation = evaluation;
    this.bestBound = evaluation.bound;
    this.boundAtCheckpoint = evaluation.bound;
    this.slope = new Float64Array(model.binCount);
    this.direction = new Float64Array(model.binCount);
  }

  /** Moves to better prices found elsewhere (a market-clearing start, the LP's), evaluated as `evaluation`. */
  adopt(price: Float64Array, evaluation: DualEvaluation): void {
    this.price.set(price);
    this.bestPrice.set(price);
    this.evaluation = evaluation;
    this.bestBound = evaluation.bound;
  }

  /** One step toward `target` (NaN: none known, aim above the bound); true when it raised the best bound. */
  step(target: number): boolean {
    const { model, price, bestPrice, slope, direction } = this;
    this.steps++;
    // Settled when 200 steps add less than 1e-5 of the bound: further steps cost time and gain nothing.
    if (this.steps % 200 === 0) {
      if (this.bestBound - this.boundAtCheckpoint <= 1e-5 * Math.max(1, Math.abs(this.bestBound))) this.settled = true;
      this.boundAtCheckpoint = this.bestBound;
    }
    const normSquared = supergradient(model, price, this.evaluation.load, slope);
    if (normSquared === 0) {
      this.settled = true; // optimal prices: the bound is the LP relaxation's value
      return false;
    }
    const bound = this.evaluation.bound;
    const aim = Number.isNaN(target) ? bound + Math.abs(bound) * 0.05 + 1 : target;
    let directionNorm = deflect(slope, direction);
    if (directionNorm === 0) {
      direction.set(slope); // the deflection cancelled the supergradient: step along it alone
      directionNorm = normSquared;
    }
    const step = (this.stepScale * Math.max(aim - bound, 1e-9 * Math.abs(aim))) / directionNorm;
    for (let bin = 0; bin < model.binCount; bin++) price[bin] = Math.max(0, price[bin]! + step * direction[bin]!);
    this.evaluation = evaluateDual(model, price, this.evaluation, this.partner);
    if (this.evaluation.bound > this.bestBound) {
      if (this.evaluation.bound > this.bestBound + 1e-9 * Math.max(1, Math.abs(this.bestBound))) this.sinceImprovement = 0;
      this.bestBound = this.evaluation.bound;
      bestPrice.set(price);
      return true;
    }
    if (++this.sinceImprovement >= 12) {
      this.stepScale /= 2;
      this.sinceImprovement = 0;
      price.set(bestPrice);
      direction.fill(0); // the deflection belongs to the abandoned path
      this.evaluation = evaluateDual(model, price, this.evaluation, this.partner);
      if (this.stepScale < 1e-7) this.settled = true;
    }
    return false;
  }
}

/**
 * The step direction, in place: the supergradient deflected by the last direction when the two
 * point against each other (Camerini, Fratta and Maffioli's rule, γ = 1.5), which damps the zigzag
 * of plain subgradient steps between a few prices. At national scale the bound after the same
 * number of steps is about a fifth of the way closer to the optimum. Returns the direction's norm squared.
 */
function deflect(slope: Float64Array, direction: Float64Array): number {
  let dot = 0;
  let previousNorm = 0;
  for (let bin = 0; bin < slope.length; bin++) {
    dot += slope[bin]! * direction[bin]!;
    previousNorm += direction[bin]! * direction[bin]!;
  }
  const beta = previousNorm > 0 && dot < 0 ? (-1.5 * dot) / previousNorm : 0;
  let normSquared = 0;
  for (let bin = 0; bin < slope.length; bin++) {
    direction[bin] = slope[bin]! + beta * direction[bin]!;
    normSquared += direction[bin]! * direction[bin]!;
  }
  return normSquared;
}
