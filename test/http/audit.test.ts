import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry, Plan } from '../../schemas/index.js';
import { firstBrokenAuditEntry } from '../../src/store/auditLog.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { waitForJob } from '../support/jobs.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
let h11Plan: Plan;
let h13Plan: Plan;
let jobId: string;

const readAudit = async (query: string, key = spcKey) => {
  const response = await app.inject({ method: 'GET', url: `/v1/audit${query}`, headers: bearer(key) });
  expect(response.statusCode).toBe(200);
  return response.json<{ items: AuditEntry[]; nextCursor: number | null }>();
};

beforeAll(async () => {
  app = await testApp();
  h11Plan = (await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(courtKeys.h11), payload: fixtureRequest() })).json<Plan>();
  await app.inject({ method: 'POST', url: `/v1/plans/${h11Plan.id}/approve`, headers: bearer(courtKeys.h11Approver), payload: { note: 'checked' } });
  const h13Request = fixtureRequest({ decidingCourtId: 'h13', cases: [fixtureCase({ id: 'c13', originCourtId: 'b130101' })] });
  h13Plan = (await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(courtKeys.h13), payload: h13Request })).json<Plan>();
  jobId = (await app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(courtKeys.h11), payload: fixtureRequest() })).json<{ id: string }>().id;
  await waitForJob(app, jobId, undefined, 30_000, courtKeys.h11);
});
afterAll(() => app.close());

describe('GET /v1/audit', () => {
  it('records who did what to which plan and job, in order, with an intact hash chain', async () => {
    const { items } = await readAudit('');
    expect(items.map((entry) => `${entry.action} ${entry.subjectId}`)).toEqual([
      `plan.created ${h11Plan.id}`,
      `plan.approved ${h11Plan.id}`,
      `plan.created ${h13Plan.id}`,
      `job.accepted ${jobId}`,
      expect.stringMatching(/^plan\.created pl_/),
      `job.done ${jobId}`,
    ]);
    const approval = items[1]!;
    expect(approval.actor).toEqual({ user: 'approver@h11', keyId: 'key-h11-approver', courtId: 'h11' });
    expect(approval.detail).toEqual({ note: 'checked', version: 1 });
    expect(items.map((entry) => entry.seq)).toEqual([...items.map((entry) => entry.seq)].sort((a, b) => a - b));
    expect(firstBrokenAuditEntry(app.storage.db)).toBeNull();
  });

  it('shows each court only its own jurisdiction', async () => {
    const h13 = await readAudit('', courtKeys.h13);
    expect(h13.items.map((entry) => entry.subjectId)).toEqual([h13Plan.id]);
    const h11 = await readAudit('', courtKeys.h11);
    expect(h11.items.map((entry) => entry.subjectId)).not.toContain(h13Plan.id);
    expect(h11.items).toHaveLength(5);
  });

  it('filters by action, subject and user, and pages with a cursor', async () => {
    expect((await readAudit('?action=plan.created')).items).toHaveLength(3);
    expect((await readAudit(`?subjectId=${jobId}`)).items.map((entry) => entry.action)).toEqual(['job.accepted', 'job.done']);
    expect((await readAudit('?user=approver@h11')).items.map((entry) => entry.action)).toEqual(['plan.approved']);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await readAudit(`?since=${later}`)).items).toEqual([]);
    const all = (await readAudit('')).items;
    const first = await readAudit('?limit=4');
    expect(first.items).toEqual(all.slice(0, 4));
    expect(first.nextCursor).toBe(all[3]!.seq);
    const second = await readAudit(`?limit=4&after=${first.nextCursor}`);
    expect(second.items).toEqual(all.slice(4));
    expect(second.nextCursor).toBeNull();
  });

  it('refuses a malformed filter with a 400 naming it, and asks for a key', async () => {
    const response = await app.inject({ method: 'GET', url: '/v1/audit?limit=0', headers: bearer(spcKey) });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].path).toBe('limit');
    expect((await app.inject({ method: 'GET', url: '/v1/audit?since=yesterday', headers: bearer(spcKey) })).statusCode).toBe(400);
    expect((await app.inject({ method: 'GET', url: '/v1/audit' })).statusCode).toBe(401);
  });
});
