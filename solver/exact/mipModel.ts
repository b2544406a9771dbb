import type { Instance } from '../instance.js';
import { itemOrigins, pairKey } from '../sideConstraints.js';
import { dropFreeRows, type LpModelSpec } from './lpSolverAdapter.js';

/**
 * The plan as a 0-1 program, exactly API.md's objective:
 *
 *   x{a}  1 when item i takes arc a (court arcCourt[a]); cost arcCost[a] − itemUnassignedCost[i]
 *   o{c}  workload above softShare × capacity at court c; cost overloadPerUnit
 *   y{p}  for a reciprocity pair {A < B}: 1 allows A→B, 0 allows B→A (with a pair limit, it also caps
 *         the open direction's count, which lifts the LP relaxation)
 *
 * so that objective = Σ cost·value + `constant` (every item's unassigned cost + fixed cost).
 * Pinned items get only their pinned arc, fixed at 1.
 */
export interface MipModel {
  spec: LpModelSpec;
  constant: number;
  /** Arc index per x variable name, to decode a solution. */
  arcOfVariable: Map<string, number>;
  itemOfArc: Int32Array;
}

export function buildMipModel(instance: Instance): MipModel {
  const { request, policy, tree } = instance.context;
  const courtCount = tree.count;
  const origins = itemOrigins(instance);
  const variables: LpModelSpec['variables'] = {};
  const constraints: LpModelSpec['constraints'] = {};
  const binaries: string[] = [];
  const arcOfVariable = new Map<string, number>();
  const itemOfArc = new Int32Array(instance.arcCourt.length);
  const potentialLoad = new Float64Array(courtCount);
  const potentialPair = new Map<number, number>();
  const arcsByPair = new Map<number, { name: string; count: number }[]>();
  let constant = instance.fixedCost;

  for (let item = 0; item < instance.itemCount; item++) {
    constant += instance.itemUnassignedCost[item]!;
    const pinned = instance.itemPinnedCourt[item]!;
    constraints[`i${item}`] = pinned === -1 ? { max: 1 } : { equal: 1 };
    for (let arc = instance.arcStart[item]!; arc < instance.arcStart[item + 1]!; arc++) {
      itemOfArc[arc] = item;
      const court = instance.arcCourt[arc]!;
      if (pinned !== -1 && court !== pinned) continue;
      const name = `x${arc}`;
      const workload = instance.itemWorkload[item]!;
      const column: Record<string, number> = { cost: instance.arcCost[arc]! - instance.itemUnassignedCost[item]!, [`i${item}`]: 1, [`k${court}`]: workload, [`s${court}`]: workload };
      for (const [origin, count] of origins[item]!) {
        const key = pairKey(origin, court, courtCount);
        column[`p${key}`] = count;
        potentialPair.set(key, (potentialPair.get(key) ?? 0) + count);
        const onPair = arcsByPair.get(key);
        if (onPair) onPair.push({ name, count });
        else arcsByPair.set(key, [{ name, count }]);
      }
      variables[name] = column;
      binaries.push(name);
      arcOfVariable.set(name, arc);
      potentialLoad[court] += workload;
    }
  }

  request.courts.forEach((court, index) => {
    if (potentialLoad[index] === 0) return;
    if (potentialLoad[index]! > court.capacity) constraints[`k${index}`] = { max: court.capacity };
    const softLimit = policy.softShare * court.capacity;
    // With overloadPerUnit 0 the soft row would cost nothing and only slow the search.
    if (potentialLoad[index]! > softLimit && policy.overloadPerUnit > 0) {
      constraints[`s${index}`] = { max: softLimit };
      variables[`o${index}`] = { cost: policy.overloadPerUnit, [`s${index}`]: -1 };
    }
  });

  if (policy.maxPerPair !== null) {
    for (const [key, potential] of potentialPair) {
      if (potential > policy.maxPerPair) constraints[`p${key}`] = { max: policy.maxPerPair };
    }
  }

  if (policy.reciprocity === 'forbid') {
    for (const [key, forward] of arcsByPair) {
      const origin = Math.floor(key / courtCount);
      const target = key % courtCount;
      const backward = arcsByPair.get(pairKey(target, origin, courtCount));
      if (origin > target || !backward) continue;
      const switchName = `y${key}`;
      variables[switchName] = { cost: 0 };
      binaries.push(switchName);
      // x ≤ y for A→B and x ≤ 1 − y for B→A: only one direction can carry cases.
      forward.forEach(({ name }, n) => {
        const row = `ra${key}_${n}`;
        constraints[row] = { max: 0 };
        variables[name]![row] = 1;
        variables[switchName]![row] = -1;
      });
      backward.forEach(({ name }, n) => {
        const row = `rb${key}_${n}`;
        constraints[row] = { max: 1 };
        variables[name]![row] = 1;
        variables[switchName]![row] = 1;
      });
      // With a pair limit as well, the open direction carries at most maxPerPair cases: Σ count·x ≤
      // maxPerPair·y forward and ≤ maxPerPair·(1 − y) backward. Implied at integer points, but it lifts
      // the LP relaxation (on the sample with both rules from 3 % below the optimum to 1e-5) and halves the search.
      if (policy.maxPerPair !== null) {
        const limit = policy.maxPerPair;
        constraints[`fa${key}`] = { max: 0 };
        constraints[`ba${key}`] = { max: limit };
        for (const { name, count } of forward) variables[name]![`fa${key}`] = count;
        for (const { name, count } of backward) variables[name]![`ba${key}`] = count;
        variables[switchName]![`fa${key}`] = -limit;
        variables[switchName]![`ba${key}`] = limit;
      }
    }
  }

  const spec: LpModelSpec = { variables, constraints, binaries };
  dropFreeRows(spec);
  return { spec, constant, arcOfVariable, itemOfArc };
}

/** Item placement from x values (≥ 0.5 means taken). */
export function decodePlacement(instance: Instance, model: MipModel, values: Map<string, number>): Int32Array {
  const itemCourt = new Int32Array(instance.itemCount).fill(-1);
  for (const [name, arc] of model.arcOfVariable) {
    if ((values.get(name) ?? 0) >= 0.5) itemCourt[model.itemOfArc[arc]!] = instance.arcCourt[arc]!;
  }
  return itemCourt;
}
