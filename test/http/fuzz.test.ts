import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/index.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { waitForJob } from '../support/jobs.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
let operations: { method: string; path: string; hasBody: boolean }[];
let knownPlan: Plan;
const seed = [...'fuzz every route'].reduce((hash, char) => (hash * 31 + char.charCodeAt(0)) | 0, 7);

beforeAll(async () => {
  app = await testApp({ loadLimits: { requestsPerMinute: 1_000_000 } });
  const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json<{ paths: Record<string, Record<string, { requestBody?: unknown }>> }>();
  operations = Object.entries(document.paths).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ method: method.toUpperCase(), path, hasBody: operation.requestBody !== undefined })));
  knownPlan = (await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(courtKeys.h11), payload: fixtureRequest() })).json<Plan>();
});
afterAll(() => app.close());

/** Every answer is a success or a 4xx problem+json, never a 5xx. */
function expectClientOutcome(response: { statusCode: number; headers: Record<string, unknown>; body: string }, what: string) {
  expect(response.statusCode, `${what} → ${response.statusCode} ${response.body.slice(0, 300)}`).toBeLessThan(500);
  if (response.statusCode >= 400) expect(String(response.headers['content-type']), what).toMatch(/^application\/problem\+json/);
}

const nasty = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.string({ unit: 'grapheme', maxLength: 30 }),
  fc.constantFrom('__proto__', 'constructor', '../../etc/passwd', '%00', '\u202e', '𠀀'.repeat(40), ' ', '-1', '1e400'),
);
const pathWith = (path: string) => fc.array(nasty, { minLength: 3, maxLength: 3 }).map((values) => path.replace(/\{[^}]+\}/g, () => encodeURIComponent(values.shift() ?? 'x') || 'x'));
/** Valid requests with one field replaced by something of the wrong kind. */
const mutatedRequest = fc.tuple(fc.constantFrom('courts', 'cases', 'policy', 'options', 'conflicts', 'decidingCourtId', 'reference'), fc.jsonValue({ maxDepth: 3 })).map(([field, value]) => ({ ...fixtureRequest(), [field]: value }));
const bodies = fc.oneof(fc.jsonValue({ maxDepth: 4 }), mutatedRequest, fc.record({ cases: fc.array(fc.record({ id: nasty, originCourtId: nasty, receivedAt: nasty })) }));

describe('fuzzing every route of the OpenAPI document', () => {
  it('answers random paths, bodies and queries with success or a 4xx problem, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000 }), bodies, nasty, async (pick, body, query) => {
        const operation = operations[pick % operations.length]!;
        const url = `${fc.sample(pathWith(operation.path), { numRuns: 1, seed: pick })[0]}?caseId=${encodeURIComponent(query)}&limit=${encodeURIComponent(query)}`;
        const response = await app.inject({ method: operation.method as 'GET', url, headers: { ...bearer(spcKey), 'content-type': 'application/json' }, ...(operation.hasBody ? { payload: JSON.stringify(body) } : {}) });
        expectClientOutcome(response, `${operation.method} ${url}`);
      }),
      { numRuns: 300, seed },
    );
  });

  it('refuses hostile bodies: malformed JSON, 1e400, deep nesting, __proto__, huge strings, duplicate ids, unknown references, a million cases', async () => {
    const post = (payload: string) => app.inject({ method: 'POST', url: '/v1/plans', headers: { ...bearer(spcKey), 'content-type': 'application/json' }, payload });
    const valid = fixtureRequest();
    const cases: [string, string, number][] = [
      ['malformed', '{"courts": [', 400],
      ['1e400', JSON.stringify(valid).replace('"capacity":10', '"capacity":1e400'), 400],
      ['deep nesting', `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 400],
      ['__proto__', JSON.stringify(valid).replace('{"decidingCourtId"', '{"__proto__":{"admin":true},"decidingCourtId"'), 400],
      ['constructor.prototype', JSON.stringify({ ...valid, policy: { constructor: { prototype: { polluted: true } } } }), 400],
      ['huge string', JSON.stringify({ ...valid, cases: [fixtureCase({ id: 'x'.repeat(1_000_000) })] }), 400],
      ['duplicate ids', JSON.stringify({ ...valid, cases: [fixtureCase(), fixtureCase()] }), 422],
      ['unknown reference', JSON.stringify({ ...valid, reference: { assignments: [{ caseId: 'nope', courtId: 'b110102', mode: 'designated' }] } }), 422],
      ['NaN text', JSON.stringify(valid).replace('"capacity":10', '"capacity":NaN'), 400],
    ];
    for (const [what, payload, status] of cases) {
      const response = await post(payload);
      expect(response.statusCode, what).toBe(status);
      expectClientOutcome(response, what);
    }
    expect(({} as Record<string, unknown>).admin).toBeUndefined();
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    const million = `{"courts":${JSON.stringify(valid.courts)},"cases":[${Array.from({ length: 1_000_000 }, (_, index) => `{"id":"c${index}","originCourtId":"b110101","receivedAt":"2024-01-01"}`).join(',')}]}`;
    const tooMany = await post(million);
    expect([400, 413]).toContain(tooMany.statusCode);
    expectClientOutcome(tooMany, 'a million cases');
    // Valid requests still succeed afterwards.
    expect((await post(JSON.stringify(valid))).statusCode).toBe(200);
  });

  it('gives a key of the wrong jurisdiction nothing it should not see', async () => {
    const job = (await app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(courtKeys.h11), payload: fixtureRequest() })).json<{ id: string }>();
    await waitForJob(app, job.id, undefined, 30_000, courtKeys.h11);
    const urls = [`/v1/plans/${knownPlan.id}`, `/v1/plans/${knownPlan.id}/explain?caseId=case-1`, `/v1/jobs/${job.id}`, `/v1/jobs/${job.id}/events`, `/v1/plans/${knownPlan.id}/compare/${knownPlan.id}`];
    for (const url of urls) {
      const response = await app.inject({ method: 'GET', url, headers: bearer(courtKeys.h13) });
      expect(response.statusCode, url).toBe(404);
      expect(response.body).not.toContain('b110101');
    }
    for (const url of [`/v1/plans/${knownPlan.id}/replay`, `/v1/plans/${knownPlan.id}/fit`, `/v1/plans/${knownPlan.id}/replan`, `/v1/plans/${knownPlan.id}/overrides`]) {
      const response = await app.inject({ method: 'POST', url, headers: bearer(courtKeys.h13), payload: url.endsWith('fit') ? { case: fixtureCase({ id: 'z' }) } : url.endsWith('overrides') ? { overrides: [{ caseId: 'case-1', courtId: 'b110102', mode: 'designated', reason: 'r' }] } : {} });
      expect(response.statusCode, url).toBe(404);
    }
    const audit = await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(courtKeys.h13) });
    expect(audit.body).not.toContain(knownPlan.id);
    expect(audit.body).not.toContain(job.id);
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: 1_000 }), async (pick) => {
        const operation = operations.filter((entry) => entry.path.includes('{'))[pick % operations.filter((entry) => entry.path.includes('{')).length]!;
        const url = operation.path.replace('{id}', knownPlan.id).replace('{a}', knownPlan.id).replace('{b}', knownPlan.id).replace('{id}', job.id);
        const response = await app.inject({ method: operation.method as 'GET', url, headers: bearer(courtKeys.h13), ...(operation.hasBody ? { payload: {} } : {}) });
        expect(response.statusCode, `${operation.method} ${url}`).toBeGreaterThanOrEqual(400);
        expect(response.body).not.toContain('b110101');
      }),
      { numRuns: 60, seed },
    );
  });
});
