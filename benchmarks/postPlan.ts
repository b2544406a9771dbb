/**
 * `POST /v1/plans` with the medium instance (2,000 cases) against a real server on 127.0.0.1, end to
 * end as a client sees it (body sent, solved, stored, answered, read): the first request after the
 * start and the median of the next ten, sequential, default options (gapTolerance 1e-6, 10 s). Prints
 * one JSON line.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { courtInstance } from './instances.js';
import { benchmarkHeaders, startServer } from './serverProcess.js';

const dataDir = mkdtempSync(join(tmpdir(), 'court-assign-post-'));
const server = await startServer(dataDir);
const body = JSON.stringify(courtInstance('medium'));
const runs: { ms: number; solveMs: number; gap: number }[] = [];
try {
  for (let run = 0; run < 11; run++) {
    const started = performance.now();
    const response = await fetch(`${server.url}/v1/plans`, { method: 'POST', headers: benchmarkHeaders, body });
    const plan = (await response.json()) as { gap: number; audit: { durationMs: number } };
    if (response.status !== 200) throw new Error(`POST /v1/plans answered ${response.status}`);
    runs.push({ ms: performance.now() - started, solveMs: plan.audit.durationMs, gap: plan.gap });
  }
} finally {
  await server.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const rest = runs.slice(1);
console.log(JSON.stringify({ cases: 2_000, firstMs: runs[0]!.ms, medianMs: median(rest.map((run) => run.ms)), maxMs: Math.max(...rest.map((run) => run.ms)), medianSolveMs: median(rest.map((run) => run.solveMs)), gap: runs[0]!.gap }));
