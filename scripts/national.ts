import { resolvePolicy } from '../schemas/index.js';
import { generateCourtInstance } from '../benchmarks/courtInstances.js';
import { planCourts } from '../solver/index.js';
const [provinces, prefectures, counties, cases, limit] = process.argv.slice(2).map(Number);
const t0 = performance.now();
const r = generateCourtInstance({ seed: 'nat', provinces: provinces!, prefecturesPerProvince: prefectures!, countiesPerPrefecture: counties!, cases: cases!, decidedBy: provinces! > 1 ? 'spc' : 'high', capacityRatio: 1.1 });
console.log('generated', r.courts.length, 'courts', r.cases.length, 'cases', (performance.now() - t0).toFixed(0), 'ms');
const level = r.courts.find((c) => c.id === r.decidingCourtId)!.level;
const policy = resolvePolicy(r.policy, { today: '2025-06-30', decidingLevel: level });
const t = performance.now();
const o = planCourts({ request: r, policy, decidingCourtId: r.decidingCourtId!, seed: '0', timeLimitMs: limit!, gapTolerance: 1e-6, clock: () => performance.now() });
if (o.kind !== 'planned') { console.log(o); process.exit(1); }
console.log('planned', (performance.now() - t).toFixed(0), 'ms', o.plan.status, o.plan.objective.toFixed(1), o.plan.lowerBound.toFixed(1), 'gap', o.plan.gap.toExponential(2), 'assigned', o.plan.kpis.assignedCases, 'rss', (process.memoryUsage().rss / 2 ** 20).toFixed(0), 'MiB');
