import { describe, expect, it } from 'vitest';
import { resolvePolicy, type Case, type PlanRequest } from '../../schemas/index.js';
import { buildCourtContext } from '../../solver/courtContext.js';
import { judge } from '../../solver/eligibility.js';
import { fixtureCase, fixtureCourts, fixtureRequest } from '../support/fixtures.js';

/** Judges one (case, court) pair of the fixture request as the solver does. */
function judgeIn(request: PlanRequest, courtId: string, caseIndex = 0) {
  const deciding = request.decidingCourtId!;
  const level = request.courts.find((court) => court.id === deciding)!.level;
  const context = buildCourtContext(request, resolvePolicy(request.policy, { today: '2025-06-30', decidingLevel: level }), deciding);
  return judge(context, caseIndex, context.tree.indexById.get(courtId)!);
}

const withCase = (overrides: Partial<Case>, request: Partial<PlanRequest> = {}) => fixtureRequest({ cases: [fixtureCase(overrides)], ...request });

describe('eligibility, one rule at a time (a court it admits, one it blocks)', () => {
  it('designated: a court at the same level in the same prefecture', () => {
    expect(judgeIn(withCase({}), 'b110102')).toEqual({ eligible: true, mode: 'designated' });
  });

  it('outside_jurisdiction: a court outside the deciding court’s subtree', () => {
    expect(judgeIn(withCase({}), 'b130101')).toMatchObject({ eligible: false, rule: 'outside_jurisdiction' });
    expect(judgeIn(withCase({ category: 'hard_backlog' }, { decidingCourtId: 'spc' }), 'b130101')).toEqual({ eligible: true, mode: 'cross_region' });
  });

  it('origin_court: never the court where the case stalled', () => {
    expect(judgeIn(withCase({}), 'b110101')).toMatchObject({ eligible: false, rule: 'origin_court' });
  });

  it('previous_court: no boomerang to a court that handled the case', () => {
    expect(judgeIn(withCase({ previousCourtIds: ['b110102'] }), 'b110102')).toMatchObject({ eligible: false, rule: 'previous_court' });
    expect(judgeIn(withCase({ previousCourtIds: ['b110102'] }), 'b110103')).toEqual({ eligible: true, mode: 'designated' });
  });

  it('specialised_court: blocked unless the policy allows specialised courts', () => {
    const courts = fixtureCourts().map((court) => (court.id === 'b110102' ? { ...court, specialised: true } : court));
    expect(judgeIn(withCase({}, { courts }), 'b110102')).toMatchObject({ eligible: false, rule: 'specialised_court' });
    expect(judgeIn(withCase({}, { courts, policy: { asOf: '2025-06-30', allowSpecialised: true } }), 'b110102')).toEqual({ eligible: true, mode: 'designated' });
  });

  it('conflict_case: a conflict naming the case blocks only that court', () => {
    const conflicts = [{ courtId: 'b110102', caseId: 'case-1', reason: 'judge is related to the creditor' }];
    expect(judgeIn(withCase({}, { conflicts }), 'b110102')).toMatchObject({ eligible: false, rule: 'conflict_case' });
    expect(judgeIn(withCase({}, { conflicts }), 'b110103')).toMatchObject({ eligible: true });
  });

  it('conflict_party: a conflict naming the debtor blocks that court for every case against it', () => {
    const conflicts = [{ courtId: 'b110102', partyId: 'debtor-9', reason: 'court leases premises from the debtor' }];
    expect(judgeIn(withCase({ debtor: { id: 'debtor-9' } }, { conflicts }), 'b110102')).toMatchObject({ eligible: false, rule: 'conflict_party' });
    expect(judgeIn(withCase({ debtor: { id: 'debtor-8' } }, { conflicts }), 'b110102')).toMatchObject({ eligible: true });
  });

  it('debtor_domicile: no court inside the debtor’s domicile region', () => {
    expect(judgeIn(withCase({ debtor: { domicileRegion: '110102' } }), 'b110102')).toMatchObject({ eligible: false, rule: 'debtor_domicile' });
    expect(judgeIn(withCase({ debtor: { domicileRegion: '110102' } }), 'b110103')).toMatchObject({ eligible: true });
  });

  it('controlling_government: a prefecture government excludes its prefecture; escalation above it stays possible', () => {
    const governed = withCase({ debtor: { controllingGovRegion: '1101' } });
    expect(judgeIn(governed, 'b110102')).toMatchObject({ eligible: false, rule: 'controlling_government' });
    expect(judgeIn(governed, 'i1101')).toMatchObject({ eligible: false, rule: 'controlling_government' });
    expect(judgeIn(governed, 'h11')).toEqual({ eligible: true, mode: 'escalated' });
  });

  it('escalated: a proper ancestor of the origin; level_mismatch: another branch’s higher court', () => {
    expect(judgeIn(withCase({}), 'i1101')).toEqual({ eligible: true, mode: 'escalated' });
    expect(judgeIn(withCase({}), 'i1102')).toMatchObject({ eligible: false, rule: 'level_mismatch' });
  });

  it('mode_not_allowed: an ordinary case does not go cross_region; its own allowedModes win', () => {
    expect(judgeIn(withCase({}), 'b110201')).toMatchObject({ eligible: false, rule: 'mode_not_allowed' });
    expect(judgeIn(withCase({ allowedModes: ['cross_region'] }), 'b110201')).toEqual({ eligible: true, mode: 'cross_region' });
    expect(judgeIn(withCase({ allowedModes: ['cross_region'] }), 'b110102')).toMatchObject({ eligible: false, rule: 'mode_not_allowed' });
    expect(judgeIn(withCase({ category: 'hard_backlog' }), 'i1101')).toEqual({ eligible: true, mode: 'escalated' });
  });

  it('livelihood_cross_region: livelihood and special-group cases stay out of cross_region unless allowed', () => {
    const hard = { category: 'hard_backlog' as const };
    expect(judgeIn(withCase({ ...hard, livelihood: true }), 'b110201')).toMatchObject({ eligible: false, rule: 'livelihood_cross_region' });
    expect(judgeIn(withCase({ ...hard, specialGroup: true, allowedModes: ['cross_region'] }), 'b110201')).toMatchObject({ eligible: false, rule: 'livelihood_cross_region' });
    expect(judgeIn(withCase({ ...hard, livelihood: true }, { policy: { asOf: '2025-06-30', livelihoodCrossRegion: true } }), 'b110201')).toEqual({ eligible: true, mode: 'cross_region' });
  });

  it('min_cross_region_km: cross_region needs the origin court that far from the target', () => {
    // b110101 (40.0, 116.0) → b110201 (41.0, 117.0) is about 139 km.
    const far = (km: number) => withCase({ category: 'hard_backlog' }, { policy: { asOf: '2025-06-30', minCrossRegionKm: km } });
    expect(judgeIn(far(200), 'b110201')).toMatchObject({ eligible: false, rule: 'min_cross_region_km' });
    expect(judgeIn(far(100), 'b110201')).toEqual({ eligible: true, mode: 'cross_region' });
  });

  it('crossRegionLevel: province makes another prefecture of the same province designated; the SPC decides by province', () => {
    const byProvince = withCase({}, { policy: { asOf: '2025-06-30', crossRegionLevel: 'province' } });
    expect(judgeIn(byProvince, 'b110201')).toEqual({ eligible: true, mode: 'designated' });
    expect(judgeIn(withCase({}, { decidingCourtId: 'spc' }), 'b110201')).toEqual({ eligible: true, mode: 'designated' });
    expect(judgeIn(withCase({ category: 'hard_backlog' }, { decidingCourtId: 'spc' }), 'b110201')).toMatchObject({ eligible: false, rule: 'mode_not_allowed' });
  });
});
