import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { JobRunner, type JobRunnerOptions } from '../jobs/jobRunner.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobRunner: JobRunner;
  }
}

/** The background job runner: starts working the queue once the app is ready, stops before the pool and the database close. */
async function jobRunner(app: FastifyInstance, options: JobRunnerOptions): Promise<void> {
  const runner = new JobRunner(app.storage, app.solverPool, app.log, options);
  app.decorate('jobRunner', runner);
  app.addHook('onReady', async () => runner.start());
  app.addHook('preClose', async () => runner.close());
}

export default fp(jobRunner, { name: 'job-runner', fastify: '5.x', dependencies: ['storage', 'solver-pool'] });
