/**
 * `npm run load`: load tests against a real server on 127.0.0.1 (a child process, fresh data
 * directory), bounded in count and time, written to benchmarks/LOAD.md and as the load section of
 * benchmarks/RESULTS.md (which `npm run bench` keeps):
 *  1. 50 connections for 30 s of small plans: errors and latency percentiles;
 *  2. /health latency while a national-size job is solved;
 *  3. a burst of 300 job submissions: only 202, or 503 with Retry-After.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { courtInstance } from '../instances.js';
import { describeMachine } from '../machine.js';
import { benchmarkHeaders, startServer } from '../serverProcess.js';

const smallPlan = JSON.stringify({
  decidingCourtId: 'h11',
  courts: [
    { id: 'spc', name: '最高人民法院', level: 'supreme', parentId: null, regionCode: '', location: { lat: 39.9, lng: 116.4 }, capacity: 0 },
    { id: 'h11', name: 'h11', level: 'high', parentId: 'spc', regionCode: '11', location: { lat: 39.9, lng: 116.4 }, capacity: 5 },
    { id: 'i1101', name: 'i1101', level: 'intermediate', parentId: 'h11', regionCode: '1101', location: { lat: 40, lng: 116 }, capacity: 5 },
    ...[1, 2, 3, 4].map((n) => ({ id: `b11010${n}`, name: `b${n}`, level: 'basic', parentId: 'i1101', regionCode: `11010${n}`, location: { lat: 40 + n / 10, lng: 116 + n / 10 }, capacity: 3 })),
  ],
  cases: [1, 2, 3, 4, 5, 6].map((n) => ({ id: `c${n}`, originCourtId: `b11010${(n % 4) + 1}`, receivedAt: '2024-01-01' })),
  policy: { asOf: '2025-06-30' },
});

const headers = benchmarkHeaders;
const dataDir = mkdtempSync(join(tmpdir(), 'court-assign-load-'));
const server = await startServer(dataDir);
try {
  // 1. Small plans, 50 connections, 30 s.
  const plans = await autocannon({ url: `${server.url}/v1/plans`, method: 'POST', headers, body: smallPlan, connections: 50, duration: 30 });
  console.log(`small plans: ${plans.requests.total} requests, ${plans.errors} errors, ${plans.non2xx} non-2xx, p50 ${plans.latency.p50} ms, p99 ${plans.latency.p99} ms`);

  // 2. /health while a national job is solved.
  const national = JSON.stringify({ ...courtInstance('national'), options: { timeLimitMs: 20_000, seed: 'load' } });
  const accepted = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers, body: national });
  const job = (await accepted.json()) as { id: string };
  // Wait until the job is running, then measure for 20 s.
  for (let waited = 0; waited < 60_000; waited += 250) {
    const state = (await (await fetch(`${server.url}/v1/jobs/${job.id}`, { headers })).json()) as { status: string; progress: { phase: string } };
    if (state.status === 'running' && state.progress.phase !== 'queued') break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const health = await autocannon({ url: `${server.url}/health`, connections: 10, duration: 20 });
  const after = (await (await fetch(`${server.url}/v1/jobs/${job.id}`, { headers })).json()) as { status: string; progress: { phase: string } };
  console.log(`/health during a national solve: ${health.requests.total} requests, p50 ${health.latency.p50} ms, p99 ${health.latency.p99} ms, job ${after.status} (${after.progress.phase})`);
  await fetch(`${server.url}/v1/jobs/${job.id}`, { method: 'DELETE', headers });

  // 3. A burst of job submissions.
  const statuses = new Map<number, number>();
  let missingRetryAfter = 0;
  await Promise.all(
    Array.from({ length: 300 }, async () => {
      const response = await fetch(`${server.url}/v1/jobs`, { method: 'POST', headers, body: smallPlan });
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      if (response.status === 503 && !response.headers.get('retry-after')) missingRetryAfter++;
      await response.arrayBuffer();
    }),
  );
  const burst = [...statuses].sort(([a], [b]) => a - b).map(([status, count]) => `${count} × ${status}`).join(', ');
  console.log(`burst of 300 submissions: ${burst}; 503 without Retry-After: ${missingRetryAfter}`);

  const report = `## Load (npm run load)

Written by \`npm run load\` (benchmarks/load/run.ts) on ${new Date().toISOString().slice(0, 10)}.

- Machine: ${describeMachine()}
- Method: the server as \`npm start\` runs it, in a child process on 127.0.0.1 with a fresh data
  directory (rate limit lifted for the run), driven by autocannon 8 from the same machine (the
  2 cores are shared by the load generator, the event loop and two solver threads).

| test | requests | errors | non-2xx | p50 ms | p99 ms | notes |
|---|---|---|---|---|---|---|
| small plans (6 cases, exact path), 50 connections, 30 s | ${plans.requests.total} | ${plans.errors} | ${plans.non2xx} | ${plans.latency.p50} | ${plans.latency.p99} | ${(plans.requests.total / 30).toFixed(0)} plans/s |
| \`/health\` during a national job (100,000 cases), 10 connections, 20 s | ${health.requests.total} | ${health.errors} | ${health.non2xx} | ${health.latency.p50} | ${health.latency.p99} | job ${after.status}, phase ${after.progress.phase} at the end |

Burst of 300 concurrent job submissions: ${burst}; 503 answers without Retry-After: ${missingRetryAfter}.
`;
  writeFileSync(new URL('../LOAD.md', import.meta.url), report);
  // RESULTS.md carries the load figures too: replace its load section, or add it.
  const resultsUrl = new URL('../RESULTS.md', import.meta.url);
  const results = readFileSync(resultsUrl, 'utf8');
  const at = results.indexOf('## Load (npm run load)');
  writeFileSync(resultsUrl, `${(at === -1 ? results : results.slice(0, at)).trimEnd()}\n\n${report}`);
  console.log(report);
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
