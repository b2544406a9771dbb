import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testApp } from '../support/testApp.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await testApp();
});
afterAll(() => app.close());

type Operation = { tags?: string[]; responses?: Record<string, unknown> };

describe('the OpenAPI document', () => {
  it('is served at /openapi.json, valid OpenAPI 3, and pinned by a snapshot', async () => {
    const response = await app.inject({ method: 'GET', url: '/openapi.json' });
    expect(response.statusCode).toBe(200);
    const document = response.json();
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    await expect(JSON.stringify(document, null, 2) + '\n').toMatchFileSnapshot('./__snapshots__/openapi.json');
  });

  it('names the shared schemas as components and lists every API route with tags and its error bodies', async () => {
    const document = (await app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(document.components.schemas)).toEqual(expect.arrayContaining(['Plan', 'PlanRequestInput', 'Problem', 'Explanation']));
    const operations = Object.entries(document.paths as Record<string, Record<string, Operation>>).flatMap(([path, methods]) => Object.entries(methods).map(([method, operation]) => ({ path, method, operation })));
    expect(operations.map(({ method, path }) => `${method} ${path}`)).toEqual(expect.arrayContaining(['post /v1/plans', 'get /v1/plans/{id}', 'get /v1/plans/{id}/explain', 'get /health', 'get /ready', 'post /v1/jobs', 'get /v1/jobs/{id}', 'get /v1/jobs/{id}/events', 'delete /v1/jobs/{id}', 'post /v1/plans/{id}/approve', 'post /v1/plans/{id}/overrides', 'post /v1/plans/{id}/replay', 'get /v1/audit']));
    for (const { path, operation } of operations.filter(({ path }) => path.startsWith('/v1/'))) {
      expect(operation.tags, path).toBeDefined();
      const codes = Object.keys(operation.responses ?? {});
      expect(codes.filter((code) => code.startsWith('2')), path).not.toEqual([]);
      expect(codes, path).toContain('401');
      if (path.includes('{id}')) expect(codes, path).toContain('404');
    }
  });

  it('serves Swagger UI at /docs, and liveness and readiness', async () => {
    const docs = await app.inject({ method: 'GET', url: '/docs/' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('swagger');
    expect((await app.inject({ method: 'GET', url: '/health' })).json()).toEqual({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/ready' })).json()).toEqual({ status: 'ok', jobs: { queued: 0, running: 0 }, solvers: { threads: expect.any(Number), queued: 0 } });
  });
});
