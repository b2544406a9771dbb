import type { Case, ResolvedPolicy } from '../schemas/index.js';
import { netAgeDays } from './netAge.js';

export type ScreenRule = 'execution_impossible' | 'too_recent';
export interface Screening {
  netAgeDays: number;
  screenedOut: { rule: ScreenRule; detail: string } | null;
}

/** API.md: screened out when execution is impossible, or younger than minNetAgeDays without a request to be relieved. */
export function screenCase(courtCase: Case, policy: ResolvedPolicy): Screening {
  const age = netAgeDays(courtCase, policy.asOf);
  if (courtCase.executionImpossible === true) {
    return { netAgeDays: age, screenedOut: { rule: 'execution_impossible', detail: '执行不能: no enforceable property; moving it helps nobody (route to 终本 management)' } };
  }
  if (age < policy.minNetAgeDays && courtCase.escalationRequested !== true) {
    return {
      netAgeDays: age,
      screenedOut: { rule: 'too_recent', detail: `net age ${age} days is below ${policy.minNetAgeDays} days and the origin court did not ask to be relieved` },
    };
  }
  return { netAgeDays: age, screenedOut: null };
}

/** base × workload × (factor if livelihood or special group) × (1 + netAgeDays / 365). */
export function unassignedPenalty(courtCase: Case, age: number, policy: ResolvedPolicy): number {
  const factor = courtCase.livelihood === true || courtCase.specialGroup === true ? policy.livelihoodFactor : 1;
  return policy.unassignedBase * (courtCase.workload ?? 1) * factor * (1 + age / 365);
}
