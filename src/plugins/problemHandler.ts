import type { FastifyError, FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import type { FieldError, Problem } from '../../schemas/index.js';
import { ProblemError, jsonPathOf, problemTypeBase } from '../problems.js';

/** Fastify's own client errors, by code, as problem types and titles. */
const frameworkProblems: Record<string, { type: string; title: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { type: 'body-too-large', title: 'Request body too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { type: 'unsupported-media-type', title: 'Unsupported media type' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { type: 'malformed-body', title: 'Malformed request body' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { type: 'malformed-body', title: 'Malformed request body' },
};

/**
 * The one error handler: every error leaves as application/problem+json. Validation → 400 with
 * field paths; our ProblemError as coded; framework client errors with their status; anything
 * else is our bug: logged in full, answered as a masked 500.
 */
async function problemHandler(app: FastifyInstance): Promise<void> {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (problem: Problem, headers: Record<string, string> = {}) =>
      reply.code(problem.status).headers(headers).type('application/problem+json').send(problem);

    if (error instanceof ProblemError) {
      if (error.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ problem: error.problemType, status: error.status }, 'request refused');
      const problem: Problem = { type: problemTypeBase + error.problemType, title: error.title, status: error.status, detail: error.detail, instance: request.url };
      if (error.errors) problem.errors = error.errors;
      return send(problem, error.headers);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const errors = error.validation.map((issue) => toFieldError(issue.instancePath, issue.message, issue.params));
      request.log.info({ problem: 'invalid-request', fields: errors.length }, 'request refused');
      const where = error.validationContext === 'body' ? 'The request body' : `The ${error.validationContext ?? 'request'}`;
      return send({ type: problemTypeBase + 'invalid-request', title: 'Invalid request', status: 400, detail: `${where} does not match the schema: ${errors.slice(0, 3).map((field) => `${field.path}: ${field.message}`).join('; ')}`, instance: request.url, errors });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause?.issues?.slice(0, 5) }, 'reply broke its own schema');
      return send({ type: problemTypeBase + 'internal', title: 'Internal Server Error', status: 500, detail: 'The server failed to answer; the failure was logged.' });
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      const known = frameworkProblems[error.code] ?? { type: status === 400 ? 'malformed-body' : 'client-error', title: status === 400 ? 'Malformed request' : 'Request refused' };
      request.log.info({ code: error.code, status }, 'request refused');
      return send({ type: problemTypeBase + known.type, title: known.title, status, detail: error.message, instance: request.url });
    }
    // The database refusing work is not our bug: a full disk is 507, a write lock held elsewhere a retryable 503.
    const storageCode = (error as { code?: string }).code;
    if (storageCode === 'SQLITE_FULL') {
      request.log.error({ err: error }, 'database full');
      return send({ type: problemTypeBase + 'storage-full', title: 'Storage full', status: 507, detail: 'The database is full; nothing was stored. An operator must free or add space.', instance: request.url });
    }
    if (storageCode === 'SQLITE_BUSY' || storageCode === 'SQLITE_LOCKED') {
      request.log.warn({ code: storageCode }, 'database busy');
      return send({ type: problemTypeBase + 'storage-busy', title: 'Storage busy', status: 503, detail: 'The database is locked by another writer; try again shortly.', instance: request.url }, { 'retry-after': '2' });
    }
    request.log.error({ err: error }, 'request failed');
    return send({ type: problemTypeBase + 'internal', title: 'Internal Server Error', status: 500, detail: 'The server failed to answer; the failure was logged.' });
  });

  app.setNotFoundHandler((request, reply) => {
    reply
      .code(404)
      .type('application/problem+json')
      .send({ type: problemTypeBase + 'not-found', title: 'Not found', status: 404, detail: `${request.method} ${request.url.split('?')[0]} is not a route of this service`, instance: request.url });
  });
}

function toFieldError(instancePath: string, message: string | undefined, params: Record<string, unknown>): FieldError {
  const segments = instancePath.split('/').filter((segment) => segment !== '');
  // zod reports an unknown key on the object that holds it; name the key itself.
  const keys = Array.isArray(params.keys) ? (params.keys as string[]) : [];
  const path = keys.length === 1 ? jsonPathOf([...segments, keys[0]!]) : jsonPathOf(segments);
  return { path, message: message ?? 'invalid' };
}

export default fp(problemHandler, { name: 'problem-handler', fastify: '5.x' });
