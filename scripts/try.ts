import { readFileSync } from 'node:fs';
import { PlanRequestSchema, resolvePolicy } from '../schemas/index.js';
import { findConsistencyErrors, planCourts } from '../solver/index.js';
const dir = '/work/shared/data/requests/';
const optimum = new Map(readFileSync(dir + 'optimum.tsv', 'utf8').trim().split('\n').slice(1).map((l) => { const [f, o] = l.split('\t'); return [f!, Number(o)]; }));
for (const file of process.argv.slice(2)) {
  const request = PlanRequestSchema.parse(JSON.parse(readFileSync(dir + file, 'utf8')));
  const deciding = request.decidingCourtId!;
  console.log(file, findConsistencyErrors(request, deciding));
  const level = request.courts.find((c) => c.id === deciding)!.level;
  const policy = resolvePolicy(request.policy, { today: '2026-11-27', decidingLevel: level });
  const t = performance.now();
  const out = planCourts({ request, policy, decidingCourtId: deciding, seed: request.options?.seed ?? '0', timeLimitMs: 60000, gapTolerance: 1e-6, clock: () => performance.now() });
  const ms = performance.now() - t;
  if (out.kind !== 'planned') { console.log(out); continue; }
  const opt = optimum.get(file)!;
  console.log(file, out.plan.status, out.plan.objective, out.plan.lowerBound, 'opt', opt, 'rel', (out.plan.objective - opt) / opt, out.boundSource, ms.toFixed(0), 'ms', out.plan.kpis);
}
