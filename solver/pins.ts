import type { FieldError } from '../schemas/index.js';
import { judge } from './eligibility.js';
import type { Instance } from './instance.js';
import { pairKey } from './sideConstraints.js';

/**
 * Pins are rulings already made: they stay, so a pin that breaks a hard rule makes the request
 * inconsistent (422) rather than the plan infeasible. Each error names the rule it breaks.
 */
export function findPinErrors(instance: Instance): FieldError[] {
  const { request, tree, policy } = instance.context;
  const errors: FieldError[] = [];
  const pinnedLoad = new Float64Array(tree.count);
  const pinnedPairs = new Map<number, number>();

  request.cases.forEach((courtCase, caseIndex) => {
    const pin = courtCase.pinned;
    if (!pin) return;
    const path = `cases[${caseIndex}].pinned`;
    const screenedOut = instance.screening[caseIndex]!.screenedOut;
    if (screenedOut) {
      errors.push({ path, message: `rule screened_out (${screenedOut.rule}): a screened-out case cannot be pinned` });
      return;
    }
    const court = tree.indexById.get(pin.courtId)!;
    const judgement = judge(instance.context, caseIndex, court);
    if (!judgement.eligible) {
      errors.push({ path: `${path}.courtId`, message: `rule ${judgement.rule}: ${judgement.detail}` });
      return;
    }
    if (judgement.mode !== pin.mode) {
      errors.push({ path: `${path}.mode`, message: `rule mode: ${pin.courtId} can take this case only as ${judgement.mode}` });
    }
  });
  if (errors.length > 0) return errors;

  for (let item = 0; item < instance.itemCount; item++) {
    const court = instance.itemPinnedCourt[item]!;
    if (court === -1) continue;
    for (let member = instance.memberStart[item]!; member < instance.memberStart[item + 1]!; member++) {
      const caseIndex = instance.memberCase[member]!;
      const courtCase = request.cases[caseIndex]!;
      const pinnedElsewhere = courtCase.pinned && courtCase.pinned.courtId !== request.courts[court]!.id;
      const judgement = judge(instance.context, caseIndex, court);
      if (pinnedElsewhere || !judgement.eligible) {
        errors.push({
          path: `cases[${caseIndex}].bundleId`,
          message: `rule bundle: bundle "${courtCase.bundleId}" is pinned to ${request.courts[court]!.id}, which ${pinnedElsewhere ? 'conflicts with this case’s own pin' : `cannot take this case (${judgement.eligible ? '' : judgement.rule})`}`,
        });
      }
      pinnedLoad[court] += instance.caseWorkload[caseIndex]!;
      const key = pairKey(instance.context.originOf[caseIndex]!, court, tree.count);
      pinnedPairs.set(key, (pinnedPairs.get(key) ?? 0) + 1);
    }
  }

  request.courts.forEach((court, index) => {
    if (pinnedLoad[index]! > court.capacity) {
      errors.push({ path: `courts[${index}].capacity`, message: `rule capacity: pinned cases bring ${pinnedLoad[index]} workload units, above the capacity ${court.capacity}` });
    }
  });
  for (const [key, count] of pinnedPairs) {
    const origin = Math.floor(key / tree.count);
    const target = key % tree.count;
    const pairName = `${request.courts[origin]!.id} → ${request.courts[target]!.id}`;
    if (policy.maxPerPair !== null && count > policy.maxPerPair) {
      errors.push({ path: 'policy.maxPerPair', message: `rule maxPerPair: ${count} pinned cases go ${pairName}, above ${policy.maxPerPair}` });
    }
    if (policy.reciprocity === 'forbid' && origin < target && pinnedPairs.has(pairKey(target, origin, tree.count))) {
      errors.push({ path: 'policy.reciprocity', message: `rule reciprocity: pinned cases go both ways between ${request.courts[origin]!.id} and ${request.courts[target]!.id}` });
    }
  }
  return errors;
}
