import type { AssignmentModel } from './assignmentModel.js';
import type { AssignmentState } from './assignmentState.js';
import { placeLpRounding, type FlowRelaxation } from './flowRelaxation.js';
import { isBetter } from './primalHeuristics.js';
import { dropFreeRows, solveLinearModel, type LpModelSpec } from '../exact/lpSolverAdapter.js';

/**
 * Options (0-1 variables) in the residual program after the LP. javascript-lp-solver keeps a dense
 * tableau and its search slows steeply with the variables (868 options on the 2,000-case benchmark:
 * 2.4 s); on penalty-dominated models 300 mostly take 40–330 ms. One program over them all: nine such
 * models' first plans reached the optimum (HiGHS's) in seven with 300 options, in two with 150, and in
 * none with 300 in windows of 100 or 60 solved one after another (each window takes room the next
 * one needs).
 */
const lpResidualOptions = 300;
/** Options per window of fix-and-optimise: small programs, a few milliseconds each. */
const windowOptions = 150;
/**
 * Each program's share of the time left. javascript-lp-solver's search can run away even on a small
 * program (one of 150 options ran 20 s where its neighbours took milliseconds): such a program is cut
 * here and dropped (or its best answer so far taken, when the adapter trusts it). This is the one place
 * where the clock decides before the deadline, and only for a program the library finds hard.
 */
const programTimeShare = 0.05;

/**
 * Places the unplaced `items` exactly: the 0-1 program over their options into the room the placed
 * items leave (each bin's capacity and soft capacity less its load, the overload charged per unit
 * past it), solved by javascript-lp-solver behind its checking adapter, with everything else fixed.
 * Only where residualProgramsApply and up to `maxOptions` options, within programTimeShare of the time left. Returns false, placing
 * nothing, where it does not apply or finds no answer it can trust; true when the items are placed (or
 * none of them fits anywhere).
 */
export function placeResidualExactly(state: AssignmentState, items: readonly number[], maxOptions: number, deadline: number, clock: () => number): boolean {
  const model = state.model;
  if (!residualProgramsApply(state)) return false;
  const spec: LpModelSpec = { variables: {}, constraints: {}, binaries: [] };
  /** Per 0-1 variable x{n}: its item and arc. */
  const options: { item: number; arc: number }[] = [];
  const demand = new Map<number, number>();
  for (const item of items) {
    if (state.itemArc[item] !== -1 || model.itemPinnedArc[item] !== -1) continue;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      if (!state.canPlace(item, arc)) continue;
      const bin = model.arcBin[arc]!;
      const weight = model.arcWeight[arc]!;
      // A bin past its soft capacity already charges every unit more: part of the option's cost.
      const overloaded = state.binLoad[bin]! >= model.binSoftCapacity[bin]!;
      const name = `x${options.length}`;
      spec.variables[name] = { cost: model.arcCost[arc]! - state.penalty[item]! + (overloaded ? model.overloadPerUnit * weight : 0), [`i${item}`]: 1, [`k${bin}`]: weight, [`s${bin}`]: weight };
      spec.binaries.push(name);
      spec.constraints[`i${item}`] = { max: 1 };
      options.push({ item, arc });
      demand.set(bin, (demand.get(bin) ?? 0) + weight);
    }
  }
  if (options.length > maxOptions) return false;
  if (options.length === 0) return true; // nothing fits: leaving them all out is the answer
  for (const [bin, load] of demand) {
    const room = model.binCapacity[bin]! - state.binLoad[bin]!;
    if (load > room) spec.constraints[`k${bin}`] = { max: room };
    const softRoom = model.binSoftCapacity[bin]! - state.binLoad[bin]!;
    if (softRoom > 0 && load > softRoom && model.overloadPerUnit > 0) {
      spec.constraints[`s${bin}`] = { max: softRoom };
      spec.variables[`o${bin}`] = { cost: model.overloadPerUnit, [`s${bin}`]: -1 };
    }
  }
  dropFreeRows(spec);
  const answer = solveLinearModel(spec, { timeLimitMs: Math.max(1, programTimeShare * (deadline - clock())), integer: true, clock });
  if (answer.status !== 'optimal' && !(answer.status === 'time_limit' && answer.values)) return false;
  const values = answer.values!;
  options.forEach(({ item, arc }, at) => {
    if ((values.get(`x${at}`) ?? 0) >= 0.5 && state.itemArc[item] === -1 && state.canPlace(item, arc)) state.place(item, arc);
  });
  return true;
}

/**
 * Items by how near the LP optimum is to moving them: first those it splits or leaves out, then the
 * ones it takes whole, by how little their cheapest other option (another arc, or leaving out) costs
 * above their LP arc at the LP prices. A plan better than the LP's rounding moves items near the top
 * of this list (at LP prices an item costs its plan at least its reduced cost).
 */
export function lpNearTies(model: AssignmentModel, relaxation: FlowRelaxation): number[] {
  const price = relaxation.prices;
  const priced = (arc: number) => model.arcCost[arc]! + model.arcWeight[arc]! * price[model.arcBin[arc]!]!;
  const slack = new Float64Array(model.itemCount);
  for (let item = 0; item < model.itemCount; item++) {
    const lpArc = relaxation.itemArc[item]!;
    if (lpArc === -1 || !relaxation.whole[item]) {
      slack[item] = -Infinity;
      continue;
    }
    const here = priced(lpArc);
    let least = model.itemPenalty[item]! - here;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) if (arc !== lpArc) least = Math.min(least, priced(arc) - here);
    slack[item] = least;
  }
  return Array.from({ length: model.itemCount }, (_, item) => item).sort((a, b) => slack[a]! - slack[b]! || a - b);
}

/**
 * The LP's rounding with its hard part solved exactly: the items nearest to moving (`nearTies`, the
 * relaxation's lpNearTies order, as many as fit lpResidualOptions options: the ones the LP splits or
 * leaves out, then near ties) are placed by one residual 0-1 program after the others take their LP
 * arcs. On penalty-dominated models
 * (tight bins, one to three bins per item) which cases stay out is where a rounding goes wrong: on
 * nine such models the first plans (rounding, greedy, paths, polish) stood 1.2e-3 to 2.5e-2 above
 * the optimum (HiGHS's); with this and fix-and-optimise after them, seven at the optimum, the others
 * 4.6e-4 and 8.5e-3. Whatever the program does not place, the split items' largest share
 * (placeLpRounding) and then the caller's greedy fill do.
 */
export function placeLpExactly(state: AssignmentState, relaxation: FlowRelaxation, nearTies: readonly number[], deadline: number, clock: () => number): void {
  const model = state.model;
  const residual = windowFrom(model, nearTies, 0, lpResidualOptions).items;
  const held = new Uint8Array(model.itemCount);
  for (const item of residual) held[item] = 1;
  // Pinned items first: they take their courts whatever the room (the greedy fill would force them in over the others).
  for (let item = 0; item < model.itemCount; item++) {
    const pinned = model.itemPinnedArc[item]!;
    if (pinned !== -1 && state.itemArc[item] === -1) state.place(item, pinned);
  }
  for (let item = 0; item < model.itemCount; item++) {
    const arc = relaxation.itemArc[item]!;
    if (held[item] === 0 && arc !== -1 && relaxation.whole[item] === 1 && state.itemArc[item] === -1 && state.canPlace(item, arc)) state.place(item, arc);
  }
  // A program javascript-lp-solver finds hard is cut (see programTimeShare): then fewer items, the nearest half, and again.
  for (let count = residual.length; count >= 1; count = Math.floor(count / 2)) {
    if (placeResidualExactly(state, residual.slice(0, count), lpResidualOptions, deadline, clock)) break;
  }
  placeLpRounding(state, relaxation);
}

/**
 * Fix-and-optimise: the items in `order` taken a window at a time (as many as fit windowOptions
 * options), each window lifted out of the plan and placed again exactly by placeResidualExactly with
 * everything else fixed, kept when the objective falls. Until the deadline or the end of the order;
 * returns whether any window improved the plan.
 */
export function improveByResidualPrograms(state: AssignmentState, order: readonly number[], deadline: number, clock: () => number): boolean {
  const model = state.model;
  if (!residualProgramsApply(state)) return false;
  // Pinned items stay where they are: a window never lifts them out.
  const movable = order.filter((item) => model.itemPinnedArc[item] === -1);
  let improved = false;
  for (let from = 0; from < movable.length && clock() < deadline; ) {
    const { items: window, next } = windowFrom(model, movable, from, windowOptions);
    from = next;
    const before = state.objective;
    state.begin();
    for (const item of window) if (state.itemArc[item] !== -1) state.remove(item);
    if (placeResidualExactly(state, window, windowOptions, deadline, clock) && isBetter(state.objective, before)) {
      state.commit();
      improved = true;
    } else state.rollback();
  }
  return improved;
}

/** Whether residual programs may place items in this state: not under pair limits, reciprocity or blocked pairs (their rules would need the fixed items' pairs as rows). */
function residualProgramsApply(state: AssignmentState): boolean {
  return state.model.pairLimit === null && !state.model.forbidReciprocal && state.blockedPairs === null;
}

/** The items of `order` from `from` on that fit `maxOptions` options together (at least one), and where the next window starts. */
function windowFrom(model: AssignmentModel, order: readonly number[], from: number, maxOptions: number): { items: number[]; next: number } {
  const items: number[] = [];
  let options = 0;
  let next = from;
  for (; next < order.length; next++) {
    const count = model.arcStart[order[next]! + 1]! - model.arcStart[order[next]!]!;
    if (items.length > 0 && options + count > maxOptions) break;
    items.push(order[next]!);
    options += count;
  }
  return { items, next };
}
