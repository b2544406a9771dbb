import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { AssignmentModel } from '../../solver/core/assignmentModel.js';
import { solveAssignmentModel } from '../../solver/core/coreSolve.js';
import { AssignmentState } from '../../solver/core/assignmentState.js';
import { flowRelaxation, placeLpRounding } from '../../solver/core/flowRelaxation.js';
import { evaluateDual } from '../../solver/core/lagrangianBound.js';
import { solveMinCostFlow, type FlowNetwork } from '../../solver/core/networkSimplex.js';
import { solveLinearModel, type LpModelSpec } from '../../solver/exact/lpSolverAdapter.js';
import { genericModel, penaltyDominatedModel } from '../support/genericModels.js';

const clock = () => performance.now();

/** The network as a linear program for javascript-lp-solver: a flow per arc, conservation per node. */
function networkAsLp(network: FlowNetwork): LpModelSpec {
  const variables: LpModelSpec['variables'] = {};
  const constraints: LpModelSpec['constraints'] = {};
  for (let node = 0; node < network.nodeCount; node++) constraints[`n${node}`] = { equal: network.supply[node]! };
  network.arcSource.forEach((source, arc) => {
    variables[`f${arc}`] = { cost: network.arcCost[arc]!, [`n${source}`]: 1, [`n${network.arcTarget[arc]}`]: -1, ...(Number.isFinite(network.arcCapacity[arc]!) ? { [`c${arc}`]: 1 } : {}) };
    if (Number.isFinite(network.arcCapacity[arc]!)) constraints[`c${arc}`] = { max: network.arcCapacity[arc]! };
  });
  return { variables, constraints, binaries: [] };
}

const networks = fc
  .record({
    nodeCount: fc.integer({ min: 2, max: 9 }),
    arcs: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), capacity: fc.oneof(fc.integer({ min: 0, max: 12 }), fc.constant(Infinity)), cost: fc.integer({ min: 0, max: 40 }) }), { minLength: 1, maxLength: 30 }),
    supplies: fc.array(fc.integer({ min: -6, max: 6 }), { minLength: 9, maxLength: 9 }),
  })
  .map(({ nodeCount, arcs, supplies }): FlowNetwork => {
    const kept = arcs.map(({ from, to, capacity, cost }) => ({ from: from % nodeCount, to: to % nodeCount, capacity, cost })).filter(({ from, to }) => from !== to);
    const supply = Float64Array.from(supplies.slice(0, nodeCount));
    supply[nodeCount - 1] -= supply.reduce((total, value) => total + value, 0); // balanced
    return {
      nodeCount,
      supply,
      arcSource: Int32Array.from(kept, (arc) => arc.from),
      arcTarget: Int32Array.from(kept, (arc) => arc.to),
      arcCapacity: Float64Array.from(kept, (arc) => arc.capacity),
      arcCost: Float64Array.from(kept, (arc) => arc.cost),
    };
  });

describe('min-cost flow by the network simplex', () => {
  it('finds a feasible flow whose potentials certify it optimal, of the value an LP solver finds, or says infeasible when it is', () => {
    let optimal = 0;
    fc.assert(
      fc.property(networks, (network) => {
        const outcome = solveMinCostFlow(network);
        const lp = solveLinearModel(networkAsLp(network), { timeLimitMs: 10_000, integer: false, clock });
        if (outcome.kind === 'infeasible') {
          expect(lp.status).toBe('infeasible');
          return;
        }
        expect(outcome.kind).toBe('optimal');
        if (outcome.kind !== 'optimal' || lp.status !== 'optimal') throw new Error(`flow optimal, LP ${lp.status}`);
        optimal++;
        const balance = Float64Array.from(network.supply);
        let cost = 0;
        network.arcSource.forEach((source, arc) => {
          const flow = outcome.flow[arc]!;
          expect(flow).toBeGreaterThanOrEqual(-1e-9);
          expect(flow).toBeLessThanOrEqual(network.arcCapacity[arc]! + 1e-9);
          balance[source] -= flow;
          balance[network.arcTarget[arc]!] += flow;
          cost += flow * network.arcCost[arc]!;
          // Complementary slackness: an arc with room has no negative reduced cost, one with flow no positive one.
          const reduced = network.arcCost[arc]! + outcome.potential[source]! - outcome.potential[network.arcTarget[arc]!]!;
          if (flow < network.arcCapacity[arc]! - 1e-9) expect(reduced).toBeGreaterThanOrEqual(-1e-6);
          if (flow > 1e-9) expect(reduced).toBeLessThanOrEqual(1e-6);
        });
        for (const residue of balance) expect(Math.abs(residue)).toBeLessThan(1e-9);
        expect(cost).toBeCloseTo(lp.objective, 6);
      }),
      { seed: 20261128, numRuns: 300 },
    );
    expect(optimal).toBeGreaterThan(30);
  });

  it('gives up within its pivot limit', () => {
    const network: FlowNetwork = { nodeCount: 2, supply: Float64Array.from([3, -3]), arcSource: Int32Array.from([0]), arcTarget: Int32Array.from([1]), arcCapacity: Float64Array.from([Infinity]), arcCost: Float64Array.from([1]) };
    expect(solveMinCostFlow(network, { maxPivots: 0 }).kind).toBe('stopped');
    expect(solveMinCostFlow(network).kind).toBe('optimal');
  });
});

/** The LP relaxation of a model without floors, soft capacities or side rules, by javascript-lp-solver. */
function lpRelaxationValue(model: AssignmentModel): number {
  const variables: LpModelSpec['variables'] = {};
  const constraints: LpModelSpec['constraints'] = {};
  let penalties = 0;
  for (let item = 0; item < model.itemCount; item++) {
    constraints[`i${item}`] = { max: 1 };
    penalties += model.itemPenalty[item]!;
    for (let arc = model.arcStart[item]!; arc < model.arcStart[item + 1]!; arc++) {
      // Placing the item saves its penalty.
      variables[`x${arc}`] = { cost: model.arcCost[arc]! - model.itemPenalty[item]!, [`i${item}`]: 1, [`b${model.arcBin[arc]}`]: model.arcWeight[arc]! };
    }
  }
  for (let bin = 0; bin < model.binCount; bin++) constraints[`b${bin}`] = { max: model.binCapacity[bin]! };
  const lp = solveLinearModel({ variables, constraints, binaries: [] }, { timeLimitMs: 30_000, integer: false, clock });
  if (lp.status !== 'optimal') throw new Error(lp.status);
  return lp.objective + penalties;
}

describe('the LP relaxation as a min-cost flow', () => {
  it('prices every bin so that the Lagrangian bound is the LP value an LP solver finds', () => {
    for (const [bins, items, tightness, seed] of [[4, 60, 0.6, 1], [6, 120, 0.8, 2], [10, 150, 0.9, 3]] as const) {
      const model = penaltyDominatedModel(bins, items, tightness, seed);
      const relaxation = flowRelaxation(model, {});
      expect(relaxation).not.toBeNull();
      const lp = lpRelaxationValue(model);
      expect(Math.abs(evaluateDual(model, relaxation!.prices).bound - lp)).toBeLessThanOrEqual(1e-9 * lp);
    }
  });

  it('rounds the LP: the items it takes whole first, a split one where room is left, every rule kept', () => {
    // Bin 0 holds 2: the LP puts a (weight 1) and b (weight 1) there whole and splits c (weight 2) between
    // bins 0 and 1, more of it on 0 than on 1 (bin 1 holds 1). Placed first, c would take bin 0's room.
    const model = genericModel([2, 1], [
      { arcs: [[0, 1, 1]], penalty: 1_000 },
      { arcs: [[0, 1, 1]], penalty: 1_000 },
      { arcs: [[0, 1, 2], [1, 1, 2]], penalty: 1_500 },
    ]);
    const relaxation = { prices: new Float64Array(2), itemArc: Int32Array.from([0, 1, 2]), whole: Uint8Array.from([1, 1, 0]) };
    const state = new AssignmentState(model);
    placeLpRounding(state, relaxation);
    expect(Array.from(state.itemArc)).toEqual([0, 1, -1]);
  });

  it('declines a model whose items weigh differently on different arcs (GAP), which is no flow', () => {
    const model = genericModel([3, 3], [{ arcs: [[0, 5, 1], [1, 4, 2]], penalty: 100 }]);
    expect(flowRelaxation(model, {})).toBeNull();
  });

  it('lifts the bound to the LP value where the price steps crawl, within the price phase', () => {
    // 10 bins, 300 items, 90 % of the demand: after the price phase the steps alone stood 9e-4 below the LP.
    const model = penaltyDominatedModel(10, 300, 0.9, 10_300);
    const lp = lpRelaxationValue(model);
    let boundAfterPrices = -Infinity;
    solveAssignmentModel(model, {
      timeLimitMs: 2_000, gapTolerance: 1e-6, seed: '0', clock,
      onProgress: (progress) => { if (progress.phase === 'lagrangian' && boundAfterPrices === -Infinity) boundAfterPrices = progress.lowerBound; },
    });
    expect(boundAfterPrices).toBeGreaterThanOrEqual(lp - 1e-7 * lp);
  });
});
