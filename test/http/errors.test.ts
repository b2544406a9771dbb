import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { testApp } from '../support/testApp.js';

describe('the one error handler', () => {
  it('answers an unexpected failure as a masked 500 problem, and the app keeps serving', async () => {
    const app = await testApp();
    app.get('/boom', async () => {
      throw new Error('database password is hunter2');
    });
    const response = await app.inject({ method: 'GET', url: '/boom' });
    expect(response.statusCode).toBe(500);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(response.body).not.toContain('hunter2');
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await app.close();
  });

  it('reports not ready (503, Retry-After) when the database stops answering, while /health stays up', async () => {
    const app = await testApp();
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).toBe(200);
    app.storage.db.close();
    const ready = await app.inject({ method: 'GET', url: '/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.headers['retry-after']).toBe('5');
    expect(ready.json()).toMatchObject({ status: 503, title: 'Not ready' });
    expect((await app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(200);
    await app.close();
  });
});

describe('configuration, validated once', () => {
  it('applies the documented defaults', () => {
    expect(loadConfig({})).toEqual({ PORT: 3000, HOST: '127.0.0.1', DATA_DIR: './data', LOG_LEVEL: 'info', MAX_CANDIDATE_ARCS: 8_000_000, MAX_QUEUED_JOBS: 100, SYNC_MAX_CASES: 20_000, DEMO_DATA: true, RATE_LIMIT_PER_MINUTE: 1_200, MAX_JOBS_PER_KEY: 20, MAX_EVENT_LOOP_DELAY_MS: 1_000 });
  });

  it('refuses a bad port or a short demo key, naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DEMO_API_KEY: 'short' })).toThrow(/DEMO_API_KEY/);
  });
});
