import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { IdSchema } from '../../../schemas/index.js';
import type { WarmStart } from '../../../solver/index.js';
import type { Caller } from '../../caller.js';
import { keepPlan, solvePlanning, type PreparedPlanning } from '../../planning/planService.js';
import { problems } from '../../problems.js';
import type { StoredPlan } from '../../store/planStore.js';

/** Which requests `POST /v1/plans` (and re-planning) solves while the client waits; the rest become jobs. */
export interface SyncSolveLimits {
  maxCases: number;
  maxTimeLimitMs: number;
}
export const syncSolveDefaults: SyncSolveLimits = { maxCases: 20_000, maxTimeLimitMs: 30_000 };

export const PlanParams = z.object({ id: IdSchema });

/** A plan the caller may read; another jurisdiction's plan is a 404, so existence does not leak. */
export function findVisiblePlan(app: FastifyInstance, id: string, caller: Caller): StoredPlan {
  const stored = app.storage.plans.getVisible(id, caller);
  if (!stored) throw problems.notFound(`plan ${id}`);
  return stored;
}

/** Solves while the client waits, or hands a large (or `Prefer: respond-async`) request to a job and answers 202. */
export async function answerPlanning(app: FastifyInstance, syncSolve: SyncSolveLimits, prepared: PreparedPlanning, caller: Caller, request: FastifyRequest, reply: FastifyReply, warmStart?: WarmStart) {
  const preferAsync = /\brespond-async\b/i.test(String(request.headers.prefer ?? ''));
  if (preferAsync || prepared.request.cases.length > syncSolve.maxCases || prepared.options.timeLimitMs > syncSolve.maxTimeLimitMs) {
    const id = app.jobRunner.submit(prepared, caller);
    return reply.code(202).header('location', `/v1/jobs/${id}`).send({ id, status: 'queued' });
  }
  const stored = keepPlan(app.storage, prepared, await solvePlanning(prepared, app.solverPool, {}, warmStart), caller);
  request.log.info({ planId: stored.plan.id, status: stored.plan.status, durationMs: stored.plan.audit.durationMs }, 'plan made');
  return reply.code(200).send(stored.plan);
}
