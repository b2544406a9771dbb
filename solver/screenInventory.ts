import type { Case, CaseCategory, Mode, ResolvedPolicy } from '../schemas/index.js';
import { daysBetween, netAgeDays } from './netAge.js';

/** Signals of a harder backlog case (较难积案), DOMAIN.md §4. */
const hardBacklogTriggers = ['repeat_debtor', 'seized_property_undisposed', 'petition', 'interference', 'special_subject_debtor'] as const;
export type ScreeningTrigger = 'six_month_rule' | 'relief_requested' | (typeof hardBacklogTriggers)[number];

export interface ScreeningResult {
  caseId: string;
  netAgeDays: number;
  excludedDays: number;
  /** The day the net age reaches the policy's minimum: the six-month clock, with excluded days added. */
  sixMonthsReachedOn: string;
  triggers: ScreeningTrigger[];
  category: CaseCategory;
  allowedModes: Mode[];
  screenedOut?: { rule: 'execution_impossible' | 'too_recent'; routeTo: string };
}

const dayMs = 86_400_000;
const addDays = (date: string, days: number) => new Date(Date.parse(`${date}T00:00:00Z`) + days * dayMs).toISOString().slice(0, 10);
const specialSubjects = new Set(['government', 'state_owned', 'major_taxpayer']);

/**
 * Screens an inventory before planning: the net six-month clock, the triggers met, the suggested
 * category and modes, or why a case is not moved and where it should go instead. Pure: `policy`
 * carries the as-of date.
 */
export function screenInventory(cases: readonly Case[], policy: ResolvedPolicy): ScreeningResult[] {
  // Unfinished cases per debtor, and in how many courts: the repeat-debtor signal needs both.
  const owed = new Map<string, { cases: number; courts: Set<string> }>();
  for (const courtCase of cases) {
    const debtorId = courtCase.debtor?.id;
    if (debtorId === undefined || courtCase.executionImpossible === true) continue;
    const entry = owed.get(debtorId) ?? { cases: 0, courts: new Set<string>() };
    entry.cases++;
    entry.courts.add(courtCase.originCourtId);
    owed.set(debtorId, entry);
  }

  return cases.map((courtCase) => {
    const age = netAgeDays(courtCase, policy.asOf);
    const triggers: ScreeningTrigger[] = [];
    if (age >= policy.minNetAgeDays) triggers.push('six_month_rule');
    if (courtCase.escalationRequested === true) triggers.push('relief_requested');
    const debtor = courtCase.debtor?.id === undefined ? undefined : owed.get(courtCase.debtor.id);
    if (debtor && debtor.cases >= policy.repeatDebtorCases && debtor.courts.size >= 2) triggers.push('repeat_debtor');
    if (courtCase.propertySeizedAt !== undefined && daysBetween(courtCase.propertySeizedAt, policy.asOf) >= policy.minNetAgeDays) triggers.push('seized_property_undisposed');
    if ((courtCase.petitions ?? 0) > 0) triggers.push('petition');
    if (courtCase.interferenceDocumented === true) triggers.push('interference');
    if (specialSubjects.has(courtCase.debtor?.kind ?? '') || courtCase.debtor?.controllingGovRegion !== undefined) triggers.push('special_subject_debtor');

    const category: CaseCategory = courtCase.category === 'hard_backlog' || triggers.some((trigger) => (hardBacklogTriggers as readonly string[]).includes(trigger)) ? 'hard_backlog' : 'ordinary';
    const vulnerable = courtCase.livelihood === true || courtCase.specialGroup === true;
    // Distance hurts the weak party: no cross-region for livelihood or special-group cases unless interference is documented.
    const modes = (courtCase.allowedModes ?? policy.defaultModes[category]).filter((mode) => mode !== 'cross_region' || !vulnerable || policy.livelihoodCrossRegion || courtCase.interferenceDocumented === true);
    const result: ScreeningResult = {
      caseId: courtCase.id,
      netAgeDays: age,
      excludedDays: courtCase.excludedDays ?? 0,
      sixMonthsReachedOn: addDays(courtCase.receivedAt, policy.minNetAgeDays + (courtCase.excludedDays ?? 0)),
      triggers,
      category,
      allowedModes: modes,
    };
    if (courtCase.executionImpossible === true) {
      result.screenedOut = { rule: 'execution_impossible', routeTo: '终本 management (no enforceable property), or bankruptcy review (执破融合) for an insolvent company debtor' };
    } else if (age < policy.minNetAgeDays && courtCase.escalationRequested !== true) {
      result.screenedOut = {
        rule: 'too_recent',
        routeTo: vulnerable
          ? 'fast local handling by the origin court (涉民生: 特事特办、急事快办)'
          : `stays with the origin court; the six-month trigger is reached on ${result.sixMonthsReachedOn}`,
      };
    }
    return result;
  });
}
