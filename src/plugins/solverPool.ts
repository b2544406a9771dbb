import { availableParallelism } from 'node:os';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Piscina } from 'piscina';
import { modelSizeLimits, type FitOutcome, type PlanningOutcome, type RevisionOutcome } from '../../solver/index.js';
import { ProblemError } from '../problems.js';
import type { FitTask, PlanTask, ReviseTask } from '../workers/planWorker.js';
import { warmUpPlans, warmUpRounds } from '../workers/warmUpPlans.js';

/** How the caller steers a solve: a stop flag it may set (a cancel), a buffer the worker writes progress to. */
export interface SolveControl {
  stopFlag?: SharedArrayBuffer;
  progressBuffer?: SharedArrayBuffer;
  /** Receives the solve's capacity prices by court id, to warm-start a neighbouring solve. */
  onPrices?: (prices: Record<string, number>) => void;
}

export interface SolverPool {
  /** Plans in a worker thread; past `timeLimitMs` + grace the solve is asked to stop, then ended. */
  plan(task: Omit<PlanTask, 'stopFlag' | 'progressBuffer' | 'maxCandidateArcs'>, control?: Omit<SolveControl, 'onPrices'>): Promise<PlanningOutcome>;
  /** Re-checks a plan changed by overrides, off the event loop (it compiles the whole request). */
  revise(task: ReviseTask): Promise<RevisionOutcome>;
  /** Ranks the courts that could take one new case in a plan, off the event loop. */
  fit(task: FitTask): Promise<FitOutcome>;
  readonly threads: number;
  readonly queued: number;
}

declare module 'fastify' {
  interface FastifyInstance {
    solverPool: SolverPool;
  }
}

export interface SolverPoolOptions {
  threads?: number;
  /** Largest model (candidate case–court arcs) a solve may build; default the solver's limit. */
  maxCandidateArcs?: number;
  /** Solves waiting beyond this are refused with 503 and Retry-After. */
  maxQueue?: number;
  /** Heap of one solver thread (old generation), in MiB: a solve past it ends its thread, not the service; default 6,144. */
  maxWorkerHeapMb?: number;
  /**
   * Start every thread and run the warm-up plans (src/workers/warmUpPlans.ts) on each once the app is
   * ready, so that the first real requests do not pay for loading and compiling the solver (about a
   * second a thread); default off (the server turns it on, tests that never solve do not pay for it).
   */
  warmUp?: boolean;
  /**
   * Longest the warm-up may hold up start (default 6,000 ms): past it the warm-up solves are asked to
   * stop and the rounds left are skipped, so that a slow or busy machine still starts.
   */
  warmUpBudgetMs?: number;
}

/** How long the warm-up may hold up start by default (the app gives a ready hook 30 s). */
const defaultWarmUpBudgetMs = 6_000;
/** A worker may overrun its time limit by this much (compiling, reporting) before it is asked to stop. */
const stopGraceMs = 2_000;
/** After a stop request, this long before the worker is ended outright. */
const terminateGraceMs = 5_000;
/** Re-checking overrides or fitting a case reads the whole request once: generous, but bounded. */
const reviseLimitMs = 60_000;

const solverBusy = () =>
  new ProblemError(503, 'solver-busy', 'Solver busy', 'Every solver is busy and the queue is full; try again shortly.', undefined, { 'retry-after': '5' });
const solverCrashed = (code: string) =>
  new ProblemError(503, 'solver-crashed', 'Solver crashed', `The solver thread ended (${code}); it has been replaced. A smaller request or a retry may succeed.`, undefined, { 'retry-after': '5' });
const solverOverran = () =>
  new ProblemError(503, 'solver-overran', 'Solve did not stop', 'The solve ran past its deadline and was ended; try a shorter timeLimitMs.', undefined, { 'retry-after': '5' });

/**
 * Solves run off the event loop in a piscina pool, so /health answers while a national plan is
 * being made. Workers load TypeScript through tsx, as the server does.
 */
async function solverPool(app: FastifyInstance, options: SolverPoolOptions): Promise<void> {
  const threads = options.threads ?? Math.max(1, availableParallelism());
  const pool = new Piscina({
    filename: new URL('../workers/planWorker.ts', import.meta.url).href,
    execArgv: ['--import', 'tsx'],
    minThreads: options.warmUp ? threads : 1,
    maxThreads: threads,
    idleTimeout: 60_000,
    resourceLimits: { maxOldGenerationSizeMb: options.maxWorkerHeapMb ?? 6_144 },
  });
  // Admission is ours rather than piscina's: a task is either running on a thread or waiting in
  // a bounded line, and what does not fit is refused at once instead of piling up.
  const maxInFlight = threads + (options.maxQueue ?? 64);
  const maxCandidateArcs = options.maxCandidateArcs ?? modelSizeLimits.candidateArcs;
  let inFlight = 0;

  /** Runs one task with admission, a stop request at `stopAfterMs` and termination `terminateGraceMs` later. */
  async function admit<T>(run: (signal: AbortSignal) => Promise<T>, stopFlag: SharedArrayBuffer, stopAfterMs: number): Promise<T> {
    if (inFlight >= maxInFlight) throw solverBusy();
    inFlight++;
    const abort = new AbortController();
    const askToStop = setTimeout(() => Atomics.store(new Int32Array(stopFlag), 0, 1), stopAfterMs);
    const terminate = setTimeout(() => abort.abort(), stopAfterMs + terminateGraceMs);
    try {
      return await run(abort.signal);
    } catch (error) {
      if (abort.signal.aborted) throw solverOverran();
      // A thread that died (out of memory, a native fault) is replaced by the pool; the request is told to retry.
      if (String((error as { code?: string }).code ?? '').startsWith('ERR_WORKER')) throw solverCrashed((error as { code: string }).code);
      throw error;
    } finally {
      inFlight--;
      clearTimeout(askToStop);
      clearTimeout(terminate);
    }
  }

  app.decorate('solverPool', {
    threads,
    get queued() {
      return Math.max(0, inFlight - threads);
    },
    plan(task, control = {}) {
      const stopFlag = control.stopFlag ?? new SharedArrayBuffer(4);
      const workerTask: PlanTask = { ...task, stopFlag, maxCandidateArcs, ...(control.progressBuffer ? { progressBuffer: control.progressBuffer } : {}) };
      const started = performance.now();
      const solving = admit((signal) => pool.run(workerTask, { signal }) as Promise<PlanningOutcome>, stopFlag, task.timeLimitMs + stopGraceMs);
      solving.then(
        (outcome) => app.metrics?.solveSeconds.observe({ outcome: outcome.kind }, (performance.now() - started) / 1000),
        () => app.metrics?.solveSeconds.observe({ outcome: 'error' }, (performance.now() - started) / 1000),
      );
      return solving;
    },
    revise(task) {
      return admit((signal) => pool.run(task, { signal, name: 'revise' }) as Promise<RevisionOutcome>, new SharedArrayBuffer(4), reviseLimitMs);
    },
    fit(task) {
      return admit((signal) => pool.run(task, { signal, name: 'fit' }) as Promise<FitOutcome>, new SharedArrayBuffer(4), reviseLimitMs);
    },
  } satisfies SolverPool);

  if (options.warmUp) {
    app.addHook('onReady', async () => {
      // Each warm-up plan once per thread, in parallel, twice: each thread loads the solver and the JIT
      // compiles its hot loops now (after one round the first 2,000-case request still took 1.05 s, after
      // two 0.9 s). Bounded: on a machine busy with tests the rounds took 9 s, and a kill-loop server
      // failed to start at Fastify's 10 s for a ready hook. Each solve keeps its own stop flag (the pool
      // raises it at that solve's deadline); the budget raises the flags of those running.
      const plans = warmUpPlans();
      let budgetSpent = false;
      let running: SharedArrayBuffer[] = [];
      const budget = setTimeout(() => {
        budgetSpent = true;
        for (const stopFlag of running) Atomics.store(new Int32Array(stopFlag), 0, 1);
      }, options.warmUpBudgetMs ?? defaultWarmUpBudgetMs);
      try {
        for (let round = 0; round < warmUpRounds && !budgetSpent; round++) {
          for (const task of plans) {
            if (budgetSpent) break;
            running = Array.from({ length: threads }, () => new SharedArrayBuffer(4));
            await Promise.all(running.map((stopFlag) => app.solverPool.plan(task, { stopFlag })));
          }
        }
        if (budgetSpent) app.log.info('solver warm-up cut short by its time budget');
      } finally {
        clearTimeout(budget);
      }
    });
  }

  app.addHook('onClose', async () => {
    await pool.destroy();
  });
}

export default fp(solverPool, { name: 'solver-pool', fastify: '5.x' });
