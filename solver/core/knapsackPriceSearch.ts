import type { AssignmentModel } from './assignmentModel.js';
import { knapsackBound } from './knapsackBound.js';

/** Prices nudged per trial: a few at a time, so that one court's better price is not drowned by others' worse ones. */
const nudgedPerTrial = 4;

/**
 * The knapsack bound is not highest at the prices that maximise the split bound: prices a little off
 * them can leave the full courts' integer knapsacks more to cover. This searches for such prices
 * without derivatives: a few prices nudged at a time (±5 % and a small shift in cost units), kept when
 * the knapsack bound rises. Every evaluation is a bound of its own, so the search can only help; on the
 * small benchmark (300 cases) it closes most of what is left between the bound and the optimum.
 * Deterministic for its random source.
 */
export class KnapsackPriceSearch {
  private readonly prices: Float64Array;
  private readonly trial: Float64Array;
  private readonly shift: number;
  /** The highest knapsack bound found so far, at `prices`. */
  bound = -Infinity;

  constructor(
    private readonly model: AssignmentModel,
    private readonly random: () => number,
  ) {
    this.prices = new Float64Array(model.binCount);
    this.trial = new Float64Array(model.binCount);
    let meanCost = 0;
    for (let arc = 0; arc < model.arcCost.length; arc++) meanCost += model.arcCost[arc]! / model.arcCost.length;
    this.shift = 0.004 * meanCost;
  }

  /**
   * Takes `start` when it bounds better than the best so far, then tries `trials` nudges of the best
   * prices, stopping early once the bound reaches `enough`. Returns the best bound (the start's with joined bins too).
   */
  improve(start: Float64Array, trials: number, enough: number): number {
    const fromStart = knapsackBound(this.model, start, false);
    if (fromStart > this.bound) {
      this.bound = fromStart;
      this.prices.set(start);
    }
    const { binCount } = this.model;
    for (let count = 0; count < trials && this.bound < enough; count++) {
      this.trial.set(this.prices);
      for (let nudge = 0; nudge < nudgedPerTrial; nudge++) {
        const bin = Math.floor(this.random() * binCount);
        this.trial[bin] = Math.max(0, this.trial[bin]! * (1 + 0.1 * (this.random() - 0.5)) + this.shift * (this.random() - 0.5));
      }
      const bound = knapsackBound(this.model, this.trial, false);
      if (bound > this.bound) {
        this.bound = bound;
        this.prices.set(this.trial);
      }
    }
    // Trials judge bins one by one (cheap, forty times); the given prices once more with full courts
    // that share cases joined (see knapsackBound), a bound of its own.
    return Math.max(this.bound, knapsackBound(this.model, start));
  }
}
