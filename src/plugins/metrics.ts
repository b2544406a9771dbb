import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export interface ServiceMetrics {
  registry: Registry;
  /** Seconds a solve took on the pool, by how it ended. */
  solveSeconds: Histogram<'outcome'>;
}

declare module 'fastify' {
  interface FastifyInstance {
    metrics: ServiceMetrics;
  }
}

/**
 * Prometheus metrics in one registry per app: requests and latencies by route and status, the job
 * queue, solver threads and queue, solve durations, and the process defaults (heap, event loop lag).
 * The route label is the route's pattern, never the URL: no ids, no unbounded label values.
 */
async function metrics(app: FastifyInstance): Promise<void> {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'court_assign_http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'] as const, registers: [registry] });
  const latency = new Histogram({
    name: 'court_assign_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const solveSeconds = new Histogram({ name: 'court_assign_solve_duration_seconds', help: 'Solve time on the worker pool', labelNames: ['outcome'] as const, buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120], registers: [registry] });
  new Gauge({
    name: 'court_assign_jobs_queued',
    help: 'Jobs waiting to be solved',
    registers: [registry],
    collect() {
      this.set(app.storage.jobs.countQueued());
    },
  });
  new Gauge({
    name: 'court_assign_jobs_running',
    help: 'Jobs being solved',
    registers: [registry],
    collect() {
      this.set(app.jobRunner.activeCount);
    },
  });
  new Gauge({
    name: 'court_assign_solver_threads',
    help: 'Worker threads of the solver pool',
    registers: [registry],
    collect() {
      this.set(app.solverPool.threads);
    },
  });
  new Gauge({
    name: 'court_assign_solver_queue',
    help: 'Solves waiting for a worker thread',
    registers: [registry],
    collect() {
      this.set(app.solverPool.queued);
    },
  });
  app.decorate('metrics', { registry, solveSeconds });

  app.addHook('onResponse', async (request, reply) => {
    const labels = { method: request.method, route: request.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });
}

export default fp(metrics, { name: 'metrics', fastify: '5.x' });
