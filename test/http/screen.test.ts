import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Case } from '../../schemas/index.js';
import { fixtureCase, fixtureCourts } from '../support/fixtures.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

interface ScreenResult {
  caseId: string;
  netAgeDays: number;
  excludedDays: number;
  sixMonthsReachedOn: string;
  triggers: string[];
  category: string;
  allowedModes: string[];
  screenedOut?: { rule: string; routeTo: string };
}
const asOf = '2025-07-30';
const screen = async (cases: Case[], policy: object = {}, key = spcKey) => {
  const response = await app.inject({ method: 'POST', url: '/v1/screen', headers: bearer(key), payload: { cases, policy: { asOf, ...policy } } });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ asOf: string; results: ScreenResult[] }>().results;
};
/** Calendar arithmetic done here with plain UTC dates, apart from the service's own. */
const daysFrom = (from: string, to: string) => (Date.UTC(+to.slice(0, 4), +to.slice(5, 7) - 1, +to.slice(8)) - Date.UTC(+from.slice(0, 4), +from.slice(5, 7) - 1, +from.slice(8))) / 86_400_000;

describe('POST /v1/screen', () => {
  it('computes the net six-month clock exactly, excluded periods deducted, and the day it is reached', async () => {
    const cases = [
      fixtureCase({ id: 'young', receivedAt: '2025-01-01', excludedDays: 30 }),
      fixtureCase({ id: 'exact', receivedAt: '2025-01-28' }),
      fixtureCase({ id: 'leap', receivedAt: '2024-02-29', excludedDays: 200 }),
    ];
    const [young, exact, leap] = await screen(cases);
    expect(young!.netAgeDays).toBe(daysFrom('2025-01-01', asOf) - 30);
    expect(young!.excludedDays).toBe(30);
    expect(young!.netAgeDays).toBe(180);
    expect(young!.sixMonthsReachedOn).toBe('2025-08-02');
    expect(young!.screenedOut).toEqual({ rule: 'too_recent', routeTo: 'stays with the origin court; the six-month trigger is reached on 2025-08-02' });
    expect(exact!.netAgeDays).toBe(183);
    expect(exact!.triggers).toContain('six_month_rule');
    expect(exact!.screenedOut).toBeUndefined();
    expect(leap!.netAgeDays).toBe(daysFrom('2024-02-29', asOf) - 200);
  });

  it('names every trigger met and suggests the harder-backlog category and its modes', async () => {
    const results = await screen([
      fixtureCase({ id: 'seized', propertySeizedAt: '2025-01-01' }),
      fixtureCase({ id: 'seized-recently', propertySeizedAt: '2025-06-01' }),
      fixtureCase({ id: 'petition', petitions: 2 }),
      fixtureCase({ id: 'interference', interferenceDocumented: true }),
      fixtureCase({ id: 'soe', debtor: { kind: 'state_owned' } }),
      fixtureCase({ id: 'controlled', debtor: { controllingGovRegion: '1101' } }),
      fixtureCase({ id: 'relief', receivedAt: '2025-06-01', escalationRequested: true }),
      fixtureCase({ id: 'plain' }),
    ]);
    const byId = new Map(results.map((result) => [result.caseId, result]));
    expect(byId.get('seized')!.triggers).toEqual(['six_month_rule', 'seized_property_undisposed']);
    expect(byId.get('seized-recently')!.triggers).toEqual(['six_month_rule']);
    expect(byId.get('petition')!.triggers).toContain('petition');
    expect(byId.get('interference')!.triggers).toContain('interference');
    expect(byId.get('soe')!.triggers).toContain('special_subject_debtor');
    expect(byId.get('controlled')!.triggers).toContain('special_subject_debtor');
    expect(byId.get('relief')!.triggers).toEqual(['relief_requested']);
    expect(byId.get('relief')!.screenedOut).toBeUndefined();
    for (const id of ['seized', 'petition', 'interference', 'soe', 'controlled']) expect(byId.get(id)).toMatchObject({ category: 'hard_backlog', allowedModes: ['cross_region', 'escalated'] });
    expect(byId.get('plain')).toMatchObject({ category: 'ordinary', allowedModes: ['designated', 'escalated'] });
  });

  it('counts unfinished cases per debtor across courts against the policy threshold', async () => {
    const owed = (count: number, debtor: string, courts: string[]) => Array.from({ length: count }, (_, index) => fixtureCase({ id: `${debtor}-${index}`, originCourtId: courts[index % courts.length]!, debtor: { id: debtor } }));
    const cases = [...owed(10, 'spread', ['b110101', 'b110102']), ...owed(9, 'nine', ['b110101', 'b110102']), ...owed(12, 'one-court', ['b110101']), fixtureCase({ id: 'closed', debtor: { id: 'nine' }, executionImpossible: true })];
    const flagged = (results: ScreenResult[]) => new Set(results.filter((result) => result.triggers.includes('repeat_debtor')).map((result) => result.caseId.split('-')[0]));
    expect(flagged(await screen(cases))).toEqual(new Set(['spread']));
    // The signal belongs to the debtor: its closed (执行不能) case carries it too, though it is not counted.
    expect(flagged(await screen(cases, { repeatDebtorCases: 9 }))).toEqual(new Set(['spread', 'nine', 'closed']));
  });

  it('screens out 执行不能 toward 终本 management and young livelihood cases toward fast local handling, and keeps livelihood cases near', async () => {
    const [impossible, youngWages, wages, wagesInterfered] = await screen([
      fixtureCase({ id: 'impossible', executionImpossible: true }),
      fixtureCase({ id: 'young-wages', receivedAt: '2025-06-01', livelihood: true }),
      fixtureCase({ id: 'wages', livelihood: true, category: 'hard_backlog' }),
      fixtureCase({ id: 'wages-interfered', livelihood: true, interferenceDocumented: true }),
    ]);
    expect(impossible!.screenedOut!.rule).toBe('execution_impossible');
    expect(impossible!.screenedOut!.routeTo).toMatch(/终本/);
    expect(youngWages!.screenedOut).toEqual({ rule: 'too_recent', routeTo: expect.stringMatching(/fast local handling/) });
    expect(wages!.allowedModes).toEqual(['escalated']);
    expect(wagesInterfered!.allowedModes).toEqual(['cross_region', 'escalated']);
  });

  it('checks origins against the courts given and the caller’s jurisdiction; answers CSV on request', async () => {
    const courts = fixtureCourts();
    const unknown = await app.inject({ method: 'POST', url: '/v1/screen', headers: bearer(spcKey), payload: { cases: [fixtureCase({ originCourtId: 'nowhere' })], courts } });
    expect(unknown.statusCode).toBe(422);
    expect(unknown.json().errors[0].path).toBe('cases[0].originCourtId');
    const foreign = await app.inject({ method: 'POST', url: '/v1/screen', headers: bearer(courtKeys.h13), payload: { cases: [fixtureCase()], courts } });
    expect(foreign.statusCode).toBe(403);
    const csv = await app.inject({ method: 'POST', url: '/v1/screen', headers: { ...bearer(spcKey), accept: 'text/csv' }, payload: { cases: [fixtureCase({ id: 'a' }), fixtureCase({ id: 'b', executionImpossible: true })], policy: { asOf } } });
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('caseId,netAgeDays,excludedDays,sixMonthsReachedOn,triggers,category,allowedModes,screenedOutRule,routeTo');
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatch(/^b,.*,execution_impossible,/);
  });
});
