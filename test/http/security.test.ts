import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, it } from 'vitest';
import type { Plan } from '../../schemas/index.js';
import { generateCampaign } from '../../src/network/caseGenerator.js';
import { courtNetwork } from '../../src/network/courtNetwork.js';
import { fixtureCase, fixtureRequest } from '../support/fixtures.js';
import { pause, slowRequest } from '../support/jobs.js';
import { bearer, courtKeys, spcKey, testApp } from '../support/testApp.js';

let app: FastifyInstance;
afterEach(() => app?.close());

const isProblem = (response: { headers: Record<string, unknown> }) => String(response.headers['content-type']).startsWith('application/problem+json');

describe('API keys', () => {
  it('are made, listed without secrets, scoped to the admin’s court, and revoked at once', async () => {
    app = await testApp();
    const make = (key: string, body: object) => app.inject({ method: 'POST', url: '/v1/keys', headers: bearer(key), payload: body });
    const created = await make(spcKey, { user: 'admin@h11', courtId: 'h11', role: 'admin' });
    expect(created.statusCode).toBe(201);
    const h11Admin = created.json<{ id: string; key: string }>();
    expect(h11Admin.key).toMatch(/^ca_/);

    const analyst = await make(h11Admin.key, { user: 'analyst@h11', courtId: 'h11', role: 'analyst' });
    expect(analyst.statusCode).toBe(201);
    expect((await make(h11Admin.key, { user: 'x', courtId: 'h13', role: 'analyst' })).statusCode).toBe(403);
    expect((await make(courtKeys.h11, { user: 'x', courtId: 'h11', role: 'analyst' })).statusCode).toBe(403);

    const listed = (await app.inject({ method: 'GET', url: '/v1/keys', headers: bearer(h11Admin.key) })).json<{ items: { id: string; courtId: string }[] }>();
    expect(listed.items.every((item) => item.courtId === 'h11')).toBe(true);
    expect(JSON.stringify(listed)).not.toContain(h11Admin.key);
    expect(JSON.stringify(listed)).not.toMatch(/hash/i);

    const newKey = analyst.json<{ id: string; key: string }>();
    expect((await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(newKey.key) })).statusCode).toBe(200);
    expect((await app.inject({ method: 'DELETE', url: `/v1/keys/${newKey.id}`, headers: bearer(courtKeys.h13) })).statusCode).toBe(404);
    const revoked = await app.inject({ method: 'DELETE', url: `/v1/keys/${newKey.id}`, headers: bearer(h11Admin.key) });
    expect(revoked.json<{ revokedAt: string | null }>().revokedAt).not.toBeNull();
    const refused = await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(newKey.key) });
    expect(refused.statusCode).toBe(401);
    expect(isProblem(refused)).toBe(true);
    const audit = (await app.inject({ method: 'GET', url: '/v1/audit?subjectType=api_key', headers: bearer(h11Admin.key) })).json<{ items: { action: string }[] }>();
    expect(audit.items.map((entry) => entry.action)).toEqual(['api_key.created', 'api_key.created', 'api_key.revoked']);
  });
});

describe('limits', () => {
  it('limits requests per key with a 429 problem and Retry-After, leaving other keys and /health alone', async () => {
    app = await testApp({ loadLimits: { requestsPerMinute: 3 } });
    const codes = [];
    for (let index = 0; index < 4; index++) codes.push((await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(courtKeys.h11) })).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const limited = await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(courtKeys.h11) });
    expect(isProblem(limited)).toBe(true);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expect(limited.json()).toMatchObject({ status: 429, title: 'Too many requests' });
    expect((await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(courtKeys.h13) })).statusCode).toBe(200);
    for (let index = 0; index < 5; index++) expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
  });

  it('bounds the jobs one key may hold at once', async () => {
    app = await testApp({ jobs: { concurrency: 1, maxJobsPerKey: 1 } });
    const first = await app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(courtKeys.h11), payload: { ...fixtureRequest(), options: { timeLimitMs: 2_000 } } });
    expect(first.statusCode).toBe(202);
    const second = await app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(courtKeys.h11), payload: fixtureRequest() });
    expect(second.statusCode).toBe(503);
    expect(second.headers['retry-after']).toBe('30');
    expect((await app.inject({ method: 'POST', url: '/v1/jobs', headers: bearer(spcKey), payload: slowRequest(1_000) })).statusCode).toBe(202);
  });

  it('sheds load with a 503 problem when the event loop falls behind', async () => {
    app = await testApp({ loadLimits: { maxEventLoopDelayMs: 50, sampleIntervalMs: 20 } });
    app.get('/block', async () => {
      const until = Date.now() + 400;
      while (Date.now() < until) {
        // Hold the event loop, as a runaway synchronous task would.
      }
      return { blocked: true };
    });
    await app.ready();
    await app.inject({ method: 'GET', url: '/block' });
    // The delay is sampled on a timer: give the sampler a few turns to see the stall.
    let shed = null;
    for (let attempt = 0; attempt < 20 && !shed; attempt++) {
      const response = await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer(spcKey) });
      if (response.statusCode === 503) shed = response;
      await pause(10);
    }
    expect(shed).not.toBeNull();
    expect(isProblem(shed!)).toBe(true);
    expect(shed!.headers['retry-after']).toBe('5');
  });
});

describe('solver faults', () => {
  it('answers a solver thread that dies with a retryable 503, replaces it, and keeps serving', async () => {
    app = await testApp({ solverPool: { threads: 1, maxWorkerHeapMb: 48 }, syncSolve: { maxCases: 100_000 } });
    const large = generateCampaign({ network: courtNetwork().courts, decidingCourtId: 'h44', cases: 40_000, seed: 'crash' });
    const crashed = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: large });
    expect(crashed.statusCode).toBe(503);
    expect(crashed.json()).toMatchObject({ title: 'Solver crashed' });
    expect(crashed.headers['retry-after']).toBe('5');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    const small = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest() });
    expect(small.statusCode).toBe(200);
  });
});

describe('storage faults', () => {
  it('answers a full database with 507, stores nothing half-way, and keeps serving reads', async () => {
    app = await testApp();
    const kept = (await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest() })).json<Plan>();
    const db = app.storage.db;
    db.pragma(`max_page_count = ${db.pragma('page_count', { simple: true }) as number}`);
    const many = fixtureRequest({ cases: Array.from({ length: 300 }, (_, index) => fixtureCase({ id: `case-${index}`, debtor: { id: `debtor-${index}-${'x'.repeat(80)}` } })) });
    const full = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: many });
    expect(full.statusCode).toBe(507);
    expect(isProblem(full)).toBe(true);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM plans').pluck().get()).toBe(1);
    expect((await app.inject({ method: 'GET', url: `/v1/plans/${kept.id}`, headers: bearer(spcKey) })).statusCode).toBe(200);
  });

  it('answers a database locked by another writer with a retryable 503', async () => {
    app = await testApp();
    await app.ready();
    const Database = (await import('better-sqlite3')).default;
    const other = new Database(app.storage.db.name);
    other.pragma('busy_timeout = 0');
    other.exec('BEGIN IMMEDIATE');
    try {
      const locked = await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest() });
      expect(locked.statusCode).toBe(503);
      expect(locked.headers['retry-after']).toBe('2');
      expect(locked.json().title).toBe('Storage busy');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    expect((await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest() })).statusCode).toBe(200);
  });
});

describe('logs and metrics', () => {
  it('log lines carry request ids but no keys and no debtor ids', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _encoding, done) => (lines.push(String(chunk)), done()) });
    app = await testApp({ logger: { level: 'trace', stream: sink } });
    const debtorId = 'debtor-secret-4711';
    await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest({ cases: [fixtureCase({ debtor: { id: debtorId } })] }) });
    await app.inject({ method: 'GET', url: '/v1/audit', headers: bearer('not-a-real-key-but-a-secret-1234') });
    await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: { courts: 'broken', debtor: debtorId } });
    const text = lines.join('');
    expect(lines.length).toBeGreaterThan(4);
    expect(text).toContain('"reqId"');
    for (const secret of [spcKey, 'not-a-real-key-but-a-secret-1234', debtorId]) expect(text).not.toContain(secret);
  });

  it('serves Prometheus metrics: requests by route and status, solve durations, queue and workers', async () => {
    app = await testApp();
    await app.inject({ method: 'POST', url: '/v1/plans', headers: bearer(spcKey), payload: fixtureRequest() });
    await app.inject({ method: 'GET', url: '/v1/plans/pl_missing', headers: bearer(spcKey) });
    const metrics = await app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
    expect(metrics.body).toMatch(/court_assign_http_requests_total\{method="POST",route="\/v1\/plans",status="200"\} 1/);
    expect(metrics.body).toMatch(/court_assign_http_requests_total\{method="GET",route="\/v1\/plans\/:id",status="404"\} 1/);
    expect(metrics.body).toMatch(/court_assign_solve_duration_seconds_count\{outcome="planned"\} 1/);
    expect(metrics.body).toMatch(/court_assign_jobs_queued 0/);
    expect(metrics.body).toMatch(/court_assign_solver_threads \d+/);
    expect(metrics.body).toMatch(/court_assign_http_request_duration_seconds_bucket/);
  });
});

describe('slow clients', () => {
  it('cuts off a client that does not finish sending its request in time', async () => {
    app = await testApp({ requestTimeoutMs: 500 });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = new URL(address);
    const { connect } = await import('node:net');
    const socket = connect(Number(port), '127.0.0.1');
    const answer = new Promise<string>((resolve) => {
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
    });
    socket.write(`POST /v1/plans HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer ${spcKey}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"courts":`);
    const started = Date.now();
    const received = await answer;
    expect(received).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
