import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger } from 'fastify';
import type { Job, JobProgress } from '../../schemas/index.js';
import type { Caller } from '../caller.js';
import { requestedByOf, solvePlanning, keepPlan, type PreparedPlanning } from '../planning/planService.js';
import type { SolverPool } from '../plugins/solverPool.js';
import type { Storage } from '../plugins/storage.js';
import { ProblemError } from '../problems.js';
import type { JobTicket } from '../store/jobStore.js';
import { newProgressBuffer, readProgress } from '../workers/progressChannel.js';

export type JobEvent = { type: 'progress'; progress: JobProgress } | { type: 'done'; job: { id: string; status: Job['status']; planId: string | null } } | { type: 'closing' };

export interface JobRunnerOptions {
  /** Jobs solved at once; default the pool's threads. */
  concurrency?: number;
  /** Queued jobs beyond this are refused with 503 and Retry-After. */
  maxQueued?: number;
  /**
   * A job whose solve was interrupted this many times fails instead of starting again; default 50.
   * A kill from outside and a crash the job itself causes look the same from here, so the bound is
   * generous: it only ends a crash loop.
   */
  maxAttempts?: number;
  /** Jobs one API key may have queued or running at once (503 with Retry-After beyond); default 20. */
  maxJobsPerKey?: number;
}

const progressPollMs = 200;
const progressSaveMs = 1_000;

const queueFull = () =>
  new ProblemError(503, 'job-queue-full', 'Job queue full', 'Too many jobs are waiting; try again shortly.', undefined, { 'retry-after': '10' });

/**
 * Background solves. A job exists once its row is committed (before the 202); the runner claims
 * rows oldest first, solves on the pool, and commits the plan and the job's end together. Jobs a
 * crash or a shutdown left running are queued again at the next start and solved from scratch:
 * the seed makes the plan the same.
 */
export class JobRunner {
  private readonly running = new Map<string, { stopFlag: SharedArrayBuffer }>();
  private readonly watchers = new Map<string, Set<(event: JobEvent) => void>>();
  private closing = false;
  private readonly concurrency: number;
  private readonly maxQueued: number;
  private readonly maxAttempts: number;
  private readonly maxJobsPerKey: number;

  constructor(
    private readonly storage: Storage,
    private readonly solverPool: SolverPool,
    private readonly log: FastifyBaseLogger,
    options: JobRunnerOptions = {},
  ) {
    this.concurrency = options.concurrency ?? solverPool.threads;
    this.maxQueued = options.maxQueued ?? 100;
    this.maxAttempts = options.maxAttempts ?? 50;
    this.maxJobsPerKey = options.maxJobsPerKey ?? 20;
  }

  /** Resumes what a previous process left, then starts working the queue. */
  start(): void {
    const resumed = this.storage.jobs.requeueInterrupted();
    if (resumed > 0) this.log.info({ resumed }, 'jobs interrupted by the last stop are queued again');
    this.pump();
  }

  /** Puts a prepared request on disk as a queued job (with its audit entry) and returns its id. */
  submit(prepared: PreparedPlanning, caller: Caller): string {
    if (this.closing) throw new ProblemError(503, 'shutting-down', 'Shutting down', 'The service is stopping; try again shortly.', undefined, { 'retry-after': '5' });
    if (this.storage.jobs.countQueued() >= this.maxQueued) throw queueFull();
    if (this.storage.jobs.countActiveFor(caller.keyId) >= this.maxJobsPerKey) {
      // 503 like the full queue: a burst of submissions meets one answer, "not now, retry after".
      throw new ProblemError(503, 'too-many-jobs', 'Too many jobs for this key', `At most ${this.maxJobsPerKey} jobs per API key may be queued or running; try again when one has finished.`, undefined, { 'retry-after': '30' });
    }
    const id = `job_${randomUUID()}`;
    this.storage.transaction(() => {
      const inputId = this.storage.plans.saveInput(prepared.request);
      this.storage.jobs.insert({ id, decidingCourtId: prepared.decidingCourtId, courtPath: prepared.courtPath, caller, inputId, policy: prepared.policy, options: prepared.options });
      this.storage.audit.append({
        action: 'job.accepted',
        subjectType: 'job',
        subjectId: id,
        courtPath: prepared.courtPath,
        actor: caller,
        detail: { decidingCourtId: prepared.decidingCourtId, cases: prepared.request.cases.length, courts: prepared.request.courts.length, ...prepared.options },
      });
    });
    setImmediate(() => this.pump());
    return id;
  }

  /** Stops a job: a queued one at once, a running one through its stop flag (its best plan is kept). */
  cancel(id: string, caller: Caller): Job['status'] | null {
    const status = this.storage.transaction(() => {
      const after = this.storage.jobs.requestCancel(id);
      if (after === 'cancelled' || after === 'running') {
        const ticket = this.storage.jobs.ticket(id)!;
        this.storage.audit.append({ action: 'job.cancel_requested', subjectType: 'job', subjectId: id, courtPath: ticket.courtPath, actor: caller, detail: { statusBefore: after === 'cancelled' ? 'queued' : 'running' } });
      }
      return after;
    });
    const running = this.running.get(id);
    if (running) Atomics.store(new Int32Array(running.stopFlag), 0, 1);
    if (status === 'cancelled') this.emit(id, { type: 'done', job: { id, status, planId: null } });
    return status;
  }

  /** Follows a job's events until `done`; returns the unsubscribe. */
  watch(id: string, listener: (event: JobEvent) => void): () => void {
    const listeners = this.watchers.get(id) ?? new Set();
    listeners.add(listener);
    this.watchers.set(id, listeners);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0) this.watchers.delete(id);
    };
  }

  /** Stops taking jobs; running ones stay `running` on disk and resume at the next start. */
  close(): void {
    this.closing = true;
    for (const listeners of this.watchers.values()) for (const listener of listeners) listener({ type: 'closing' });
    this.watchers.clear();
  }

  get activeCount(): number {
    return this.running.size;
  }

  private pump(): void {
    while (!this.closing && this.running.size < this.concurrency) {
      const ticket = this.storage.jobs.claimNext();
      if (!ticket) return;
      this.running.set(ticket.id, { stopFlag: new SharedArrayBuffer(4) });
      void this.run(ticket).finally(() => {
        this.running.delete(ticket.id);
        this.pump();
      });
    }
  }

  private async run(ticket: JobTicket): Promise<void> {
    const { stopFlag } = this.running.get(ticket.id)!;
    if (ticket.cancelRequested) Atomics.store(new Int32Array(stopFlag), 0, 1);
    if (ticket.attempts > this.maxAttempts) {
      this.end(ticket, { status: 'failed', error: { title: 'Job failed', detail: `the solve was interrupted ${ticket.attempts - 1} times; it is not started again` } });
      return;
    }
    const progressBuffer = newProgressBuffer();
    const started = performance.now();
    let lastSequence = 0;
    let lastSaved = 0;
    let lastPhase: JobProgress['phase'] = 'queued';
    const poll = setInterval(() => {
      const update = readProgress(progressBuffer);
      if (!update || update.sequence === lastSequence || this.closing) return;
      lastSequence = update.sequence;
      const { phase, objective, lowerBound, gap } = update.progress;
      const progress: JobProgress = { phase, objective: finiteOrNull(objective), lowerBound: finiteOrNull(lowerBound), gap: finiteOrNull(gap), elapsedMs: performance.now() - started };
      this.emit(ticket.id, { type: 'progress', progress });
      if (phase !== lastPhase || performance.now() - lastSaved >= progressSaveMs) {
        this.storage.jobs.saveProgress(ticket.id, progress);
        lastSaved = performance.now();
        lastPhase = phase;
      }
    }, progressPollMs);

    try {
      const request = this.storage.plans.loadInput(ticket.inputId);
      const prepared: PreparedPlanning = {
        request,
        decidingCourtId: ticket.decidingCourtId,
        policy: ticket.policy,
        options: ticket.options,
        courtPath: ticket.courtPath,
        requestedBy: requestedByOf(request, ticket.caller),
      };
      this.log.info({ jobId: ticket.id, attempt: ticket.attempts, cases: request.cases.length }, 'job started');
      const plan = await solvePlanning(prepared, this.solverPool, { stopFlag, progressBuffer });
      if (this.closing) return;
      const cancelled = this.storage.jobs.ticket(ticket.id)!.cancelRequested;
      // API.md: a plan stopped by DELETE is `feasible`, not `time_limit`.
      if (cancelled && plan.status === 'time_limit') plan.status = 'feasible';
      const progress: JobProgress = { phase: 'finished', objective: plan.objective, lowerBound: plan.lowerBound, gap: plan.gap, elapsedMs: performance.now() - started };
      this.storage.transaction(() => {
        keepPlan(this.storage, prepared, plan, ticket.caller, { jobId: ticket.id, inputId: ticket.inputId });
        this.end(ticket, { status: cancelled ? 'cancelled' : 'done', planId: plan.id, progress });
      });
    } catch (error) {
      if (this.closing) return;
      const problem = error instanceof ProblemError ? error : null;
      if (!problem) this.log.error({ err: error, jobId: ticket.id }, 'job failed');
      this.end(ticket, {
        status: 'failed',
        error: problem ? { title: problem.title, detail: problem.detail, ...(problem.errors ? { errors: problem.errors } : {}) } : { title: 'Job failed', detail: 'the solve failed unexpectedly; the service logged the cause' },
      });
    } finally {
      clearInterval(poll);
    }
  }

  /** Records a job's end with its audit entry and tells the watchers. */
  private end(ticket: JobTicket, outcome: { status: 'done' | 'failed' | 'cancelled'; planId?: string; error?: Job['error']; progress?: JobProgress }): void {
    this.storage.transaction(() => {
      this.storage.jobs.finish(ticket.id, outcome);
      this.storage.audit.append({
        action: `job.${outcome.status}`,
        subjectType: 'job',
        subjectId: ticket.id,
        courtPath: ticket.courtPath,
        actor: ticket.caller,
        detail: { attempts: ticket.attempts, ...(outcome.planId ? { planId: outcome.planId } : {}), ...(outcome.error ? { error: outcome.error.detail } : {}) },
      });
    });
    if (outcome.progress) this.emit(ticket.id, { type: 'progress', progress: outcome.progress });
    this.emit(ticket.id, { type: 'done', job: { id: ticket.id, status: outcome.status, planId: outcome.planId ?? null } });
    this.log.info({ jobId: ticket.id, status: outcome.status, planId: outcome.planId }, 'job finished');
  }

  private emit(id: string, event: JobEvent): void {
    for (const listener of this.watchers.get(id) ?? []) listener(event);
  }
}

function finiteOrNull(value: number): number | null {
  return Number.isFinite(value) ? value : null;
}
