import { readFileSync } from 'node:fs';
import { PlanRequestSchema } from '../schemas/index.js';
import { planDirect } from '../test/support/planDirect.js';
const file = process.argv[2] ?? 'samples/plan-request.json';
const r = PlanRequestSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
const t = performance.now();
const o = planDirect(r);
console.log(performance.now() - t, o.kind, o.kind === 'planned' ? { s: o.plan.status, obj: o.plan.objective, k: o.plan.kpis, u: o.plan.unassigned.map((u) => u.reason) } : o);
