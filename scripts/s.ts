import { readFileSync } from 'node:fs';
import { PlanRequestSchema } from '../schemas/index.js';
import { planDirect } from '../test/support/planDirect.js';
import { checkPlan } from '../test/support/independentChecker.js';
const file = process.argv[2] ?? 'samples/plan-request.json';
const limit = Number(process.argv[3] ?? 10000);
const r = PlanRequestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
r.options = { ...r.options, timeLimitMs: limit };
const t = performance.now();
const o = planDirect(r);
const ms = performance.now() - t;
if (o.kind !== 'planned') { console.log(o); process.exit(1); }
console.log(ms.toFixed(0), 'ms', o.plan.status, o.plan.objective, o.plan.lowerBound, o.plan.gap, 'checker:', checkPlan(r, { ...o.plan, id: 'x', audit: {} as never }).problems.slice(0, 3));
