import { arcsByBin, assignmentObjective, capacityTolerance, type ArcsByBin, type AssignmentModel } from './assignmentModel.js';
import { restrictArcs } from './arcRestriction.js';
import { AssignmentState } from './assignmentState.js';
import { sortArcsByCost } from './lagrangianBound.js';
import type { CoreSettings } from './coreOutcome.js';
import { improveLocally, isBetter } from './primalHeuristics.js';
import { seededGenerator } from '../seededRandom.js';
import { cancelTransferCycles } from './transferCycles.js';

/**
 * Models with more items than this skip heavy moves: each move settles the whole plan, so a pass costs
 * about items² (0.4 s at 327 items), and a 2,000-case request has to answer within a second.
 */
export const maxHeavyMoveItems = 1_000;

/**
 * Passes in new orders after one that found nothing, before the walk gives up. On small-201 through
 * the service, two left one seed in five 2–4 units above the optimum; three reached it from the ten
 * seeds tried, in 2.7–4.6 s (a failing pass costs about 0.4 s there).
 */
const reorderedPasses = 3;

/** A plan and its objective. */
export interface Plan {
  itemArc: Int32Array;
  objective: number;
}

/**
 * Heavy moves for a search that goes in rounds (on fixed arcs, on oriented pairs): once the rounds
 * stop improving, heavy moves from the best plan; if they find a better one, the rounds go on from it.
 */
export class HeavyMovesBetweenRounds {
  /** The objective of the plan the last heavy moves ended at: from it they would find nothing again. */
  private endedAt = NaN;

  constructor(
    private readonly model: AssignmentModel,
    private readonly withinReach: (incumbent: number) => (item: number, arc: number) => boolean,
    private readonly settings: Pick<CoreSettings, 'seed' | 'clock' | 'shouldStop'>,
    private readonly deadline: number,
  ) {}

  /** A better plan than `plan`, or null: on models up to maxHeavyMoveItems, and not again from where they ended. */
  improve(plan: Plan): Plan | null {
    if (this.model.itemCount > maxHeavyMoveItems || plan.objective === this.endedAt) return null;
    const moved = improveByHeavyMoves(this.model, plan.itemArc, this.withinReach, this.settings, this.deadline);
    this.endedAt = moved?.objective ?? plan.objective;
    return moved;
  }
}

/**
 * Passes of heavy moves (see moveHeavyItems) from a plan, until four passes in a row, each in a new
 * order, find nothing, the deadline passes or a stop is asked. They search the model restricted to the
 * arcs a plan better than the start can use (`withinReach`, see reducedCostFixing.ts): every better
 * plan lies there, and moves settle faster on fewer arcs (small-201: 3,938 arcs, 2,377 kept, a third
 * less time). Returns the better plan (in the whole model's arcs), or null.
 */
export function improveByHeavyMoves(
  wholeModel: AssignmentModel,
  itemArc: Int32Array,
  withinReach: (incumbent: number) => (item: number, arc: number) => boolean,
  settings: Pick<CoreSettings, 'seed' | 'clock' | 'shouldStop'>,
  deadline: number,
): Plan | null {
  const startObjective = assignmentObjective(wholeModel, itemArc);
  // Searched on the arcs a better plan can use: the moves settle on fewer arcs, and lose nothing.
  const restricted = restrictArcs(wholeModel, withinReach(startObjective));
  const { model } = restricted;
  // Its arcs in cost order: ejections read each evicted member's options cheapest first (see ejectionChange).
  sortArcsByCost(model);
  const best = new AssignmentState(model);
  for (let item = 0; item < model.itemCount; item++) {
    const arc = itemArc[item] === -1 ? -1 : restricted.restrictedArc[itemArc[item]!]!;
    if (arc !== -1) best.place(item, arc);
  }
  const trial = new AssignmentState(model);
  const random = seededGenerator(`${settings.seed}/heavy-moves`);
  const tieBreak = Float64Array.from({ length: model.itemCount }, () => random());
  const order = Int32Array.from({ length: model.itemCount }, (_, item) => item).sort((a, b) => tieBreak[a]! - tieBreak[b]!);
  const stop = () => settings.clock() >= deadline || settings.shouldStop?.() === true;
  // Marks every item examined where no single move helps, which the trials copy: each then searches
  // only around its own move instead of the whole plan.
  improveLocally(best, order, deadline, settings.clock);
  let improved = isBetter(best.refreshObjective(), startObjective);
  // Which moves settle well depends on the order the local search takes the items in, and the plans
  // near the optimum are many and almost equal: a pass that finds nothing is tried again in new orders.
  for (let fruitless = 0; fruitless <= reorderedPasses && !stop(); ) {
    if (moveHeavyItems(best, trial, order, deadline, settings.clock, stop)) {
      improved = true;
      fruitless = 0;
    } else {
      fruitless++;
      shuffle(order, random);
    }
  }
  if (!improved) return null;
  return { itemArc: best.itemArc.map((arc) => (arc === -1 ? -1 : restricted.originalArc[arc]!)), objective: best.refreshObjective() };
}

/**
 * One pass of moves of items heavier than the lightest weight (cases of a larger workload) to each
 * other option they have, room made at the target by leaving out members (see forceMove), after which
 * the rest of the plan settles around the move (see settle). A move is kept, first come first kept,
 * when the settled plan beats the incumbent.
 *
 * Single moves, swaps and short chains cannot take such a step: a double case entering a full court
 * has to push out two unit cases that in turn must find room along chains of other courts, and each
 * part alone costs more than it saves. On the 400-case sample (327 items, 142 of them heavier than one
 * unit) the search settled 4–20 units above the optimum, all of it in how the heavier cases were
 * spread; these passes reach the optimum from every seed tried (ten).
 *
 * `best` holds the incumbent and is improved in place; `trial` is scratch of the same model. Returns
 * whether `best` improved.
 */
export function moveHeavyItems(
  best: AssignmentState,
  trial: AssignmentState,
  order: Int32Array,
  deadline: number,
  clock: () => number,
  stop: () => boolean = () => clock() >= deadline,
): boolean {
  const model = best.model;
  const lightest = lightestWeight(model);
  const byBin = arcsByBin(model);
  const near = new Uint8Array(model.itemCount);
  let improved = false;
  for (const item of order) {
    if (model.itemPinnedArc[item] !== -1 || !isHeavy(model, item, lightest)) continue;
    // Every arc of the item (-1 first: leaving it out, when that is allowed).
    for (let arc = model.arcStart[item]! - 1; arc < model.arcStart[item + 1]!; arc++) {
      const target = arc < model.arcStart[item]! ? -1 : arc;
      if (best.itemArc[item] === target) continue;
      if (target === -1 && !Number.isFinite(model.itemPenalty[item]!)) continue;
      if (stop()) return improved;
      trial.copyFrom(best);
      const source = best.itemArc[item]! === -1 ? -1 : model.arcBin[best.itemArc[item]!]!;
      if (!forceMove(trial, item, target)) continue;
      settle(trial, itemsNear(order, byBin, near, source, target === -1 ? -1 : model.arcBin[target]!), deadline, clock);
      if (isBetter(trial.refreshObjective(), best.objective)) {
        best.copyFrom(trial);
        best.refreshObjective();
        improved = true;
      }
    }
  }
  return improved;
}

/**
 * The rest of the plan settled around a forced move: local search over the items near it, then
 * transfer cycles over the whole plan (exact for each weight among its own; either alone misses most
 * of the gain). Near: the items that could use the court the moved item left or the one it entered
 * (the moved and the left-out ones among them); the local search does not follow changes further, the
 * cycles do (small-201: the same plans as a local search over every item, 10–50 % sooner).
 */
function settle(state: AssignmentState, nearMove: Int32Array, deadline: number, clock: () => number): void {
  improveLocally(state, nearMove, deadline, clock);
  cancelTransferCycles(state, deadline, clock);
}

/** The items with an arc to either bin (-1: none), in the pass's order; `mark` is scratch, left clear. */
function itemsNear(order: Int32Array, byBin: ArcsByBin, mark: Uint8Array, first: number, second: number): Int32Array {
  for (const bin of [first, second]) {
    if (bin === -1) continue;
    for (let at = byBin.start[bin]!; at < byBin.start[bin + 1]!; at++) mark[byBin.arcItem[byBin.arc[at]!]!] = 1;
  }
  const near = order.filter((item) => mark[item] === 1);
  for (const item of near) mark[item] = 0;
  return near;
}

/**
 * Puts the item on `arc` (-1: out). Room is made by leaving out members of the target, the lightest
 * first and among those the ones that lose least by going to their best other court with room (on the
 * sample, the members' own order instead left a quarter of the seeds 4 units above the optimum).
 * False when the item cannot go there even so (pair rules).
 */
function forceMove(state: AssignmentState, item: number, arc: number): boolean {
  const model = state.model;
  if (state.itemArc[item] !== -1) state.remove(item);
  if (arc === -1) return true;
  const bin = model.arcBin[arc]!;
  const evictable = state.binItems[bin]!.filter((member) => model.itemPinnedArc[member] === -1);
  const loss = new Map(evictable.map((member) => [member, lossOfLeaving(state, member)]));
  evictable.sort((a, b) => model.arcWeight[state.itemArc[a]!]! - model.arcWeight[state.itemArc[b]!]! || loss.get(a)! - loss.get(b)! || a - b);
  const capacity = model.binCapacity[bin]!;
  for (const member of evictable) {
    if (state.binLoad[bin]! + model.arcWeight[arc]! <= capacity + capacityTolerance(capacity)) break;
    state.remove(member);
  }
  if (!state.canPlace(item, arc)) return false;
  state.place(item, arc);
  return true;
}

/** What a member loses by leaving its arc for its cheapest other one below soft capacity, or for going out. */
function lossOfLeaving(state: AssignmentState, member: number): number {
  const model = state.model;
  const current = state.itemArc[member]!;
  let least = state.penalty[member]!;
  for (let arc = model.arcStart[member]!; arc < model.arcStart[member + 1]!; arc++) {
    const bin = model.arcBin[arc]!;
    if (arc !== current && state.binLoad[bin]! + model.arcWeight[arc]! <= model.binSoftCapacity[bin]!) least = Math.min(least, model.arcCost[arc]!);
  }
  return least - model.arcCost[current]!;
}

function lightestWeight(model: AssignmentModel): number {
  let lightest = Infinity;
  for (let arc = 0; arc < model.arcWeight.length; arc++) lightest = Math.min(lightest, model.arcWeight[arc]!);
  return lightest;
}

/** Whether the item weighs more than the lightest weight on some arc (court models: one weight per item). */
function isHeavy(model: AssignmentModel, item: number, lightest: number): boolean {
  for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) if (model.arcWeight[arc]! > lightest) return true;
  return false;
}

/** Fisher–Yates, in place. */
function shuffle(order: Int32Array, random: () => number): void {
  for (let at = order.length - 1; at > 0; at--) {
    const other = Math.floor(random() * (at + 1));
    [order[at], order[other]] = [order[other]!, order[at]!];
  }
}
