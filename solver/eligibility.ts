import type { Case, Mode } from '../schemas/index.js';
import type { CourtContext } from './courtContext.js';
import { greatCircleKm } from './greatCircle.js';

/** Rules that can block a (case, court) pair, in the order API.md lists them. */
export const eligibilityRules = [
  'outside_jurisdiction',
  'origin_court',
  'previous_court',
  'specialised_court',
  'conflict_case',
  'conflict_party',
  'debtor_domicile',
  'controlling_government',
  'level_mismatch',
  'mode_not_allowed',
  'livelihood_cross_region',
  'min_cross_region_km',
] as const;
export type EligibilityRule = (typeof eligibilityRules)[number];

export type Judgement =
  | { eligible: true; mode: Mode }
  | { eligible: false; rule: EligibilityRule; detail: string };

/** The modes a case may take: its own list, else its category's default (livelihood limits are in `judge`). */
export function allowedModes(courtCase: Case, context: CourtContext): readonly Mode[] {
  return courtCase.allowedModes ?? context.policy.defaultModes[courtCase.category ?? 'ordinary'];
}

export function isVulnerable(courtCase: Case): boolean {
  return courtCase.livelihood === true || courtCase.specialGroup === true;
}

/**
 * Whether `court` may take `courtCase`, exactly as API.md defines eligibility, and under which mode.
 * At most one mode can hold for a (case, court) pair: escalated needs an ancestor, designated the same
 * level and region, cross_region the same level and another region. Capacity and pair limits are not
 * eligibility: they belong to the plan as a whole.
 */
export function judge(context: CourtContext, caseIndex: number, court: number): Judgement {
  const { tree, request, policy } = context;
  const courtCase = request.cases[caseIndex] as Case;
  const target = request.courts[court]!;
  const origin = context.originOf[caseIndex]!;
  const originCourt = request.courts[origin]!;

  if (!context.inJurisdiction[court]) return blocked('outside_jurisdiction', `${target.id} is outside the deciding court's jurisdiction`);
  if (court === origin) return blocked('origin_court', `${target.id} is the origin court`);
  if (courtCase.previousCourtIds?.includes(target.id)) return blocked('previous_court', `${target.id} handled this case before (no boomerang)`);
  if (target.specialised === true && !policy.allowSpecialised) return blocked('specialised_court', `${target.id} is a specialised court and policy.allowSpecialised is false`);
  const caseConflict = context.caseConflicts.get(caseIndex)?.get(court);
  if (caseConflict !== undefined) return blocked('conflict_case', `conflict with this case: ${caseConflict}`);
  const partyId = courtCase.debtor?.id;
  const partyConflict = partyId === undefined ? undefined : context.partyConflicts.get(partyId)?.get(court);
  if (partyConflict !== undefined) return blocked('conflict_party', `conflict with party ${partyId}: ${partyConflict}`);
  const domicile = courtCase.debtor?.domicileRegion;
  if (domicile !== undefined && target.regionCode.startsWith(domicile)) {
    return blocked('debtor_domicile', `${target.id} sits inside the debtor's domicile region ${domicile}`);
  }
  const government = courtCase.debtor?.controllingGovRegion;
  if (government !== undefined && target.regionCode.startsWith(government)) {
    return blocked('controlling_government', `${target.id} sits inside region ${government} whose government controls the debtor`);
  }

  let mode: Mode;
  if (tree.isProperAncestor(court, origin)) mode = 'escalated';
  else if (target.level !== originCourt.level) {
    return blocked('level_mismatch', `${target.id} is neither at the origin's level (${originCourt.level}) nor above it`);
  } else mode = context.regionUnit[court] === context.regionUnit[origin] ? 'designated' : 'cross_region';

  if (!allowedModes(courtCase, context).includes(mode)) return blocked('mode_not_allowed', `${target.id} could only take it as ${mode}, which this case does not allow`);
  if (mode === 'cross_region') {
    if (isVulnerable(courtCase) && !policy.livelihoodCrossRegion && courtCase.interferenceDocumented !== true) {
      return blocked('livelihood_cross_region', `${target.id} would be cross_region, not allowed for livelihood or special-group cases without documented interference`);
    }
    const km = greatCircleKm(originCourt.location, target.location);
    if (km < policy.minCrossRegionKm) {
      return blocked('min_cross_region_km', `${target.id} is ${km.toFixed(1)} km from the origin court, below ${policy.minCrossRegionKm} km`);
    }
  }
  return { eligible: true, mode };
}

function blocked(rule: EligibilityRule, detail: string): Judgement {
  return { eligible: false, rule, detail };
}
