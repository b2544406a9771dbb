import { resolvePolicy, type PlanRequest } from '../schemas/index.js';
import { buildCourtContext } from '../solver/courtContext.js';
import { compileInstance } from '../solver/instance.js';
import { judge } from '../solver/eligibility.js';
const req: PlanRequest = JSON.parse(process.argv[2]!);
const policy = resolvePolicy(req.policy, { today: '2026-01-01', decidingLevel: 'high' });
const ctx = buildCourtContext(req, policy, req.decidingCourtId!);
const inst = compileInstance(ctx, '0', { exhaustivePairs: 0, nearest: 1 });
for (let i = 0; i < inst.itemCount; i++) {
  const members = [...inst.memberCase.subarray(inst.memberStart[i]!, inst.memberStart[i + 1]!)];
  const arcs = [...inst.arcCourt.subarray(inst.arcStart[i]!, inst.arcStart[i + 1]!)].map((c) => req.courts[c]!.id);
  const elig = req.courts.map((c, j) => [c.id, members.every((m) => judge(ctx, m, j).eligible)] as const).filter(([, e]) => e).map(([id]) => id);
  console.log(members.map((m) => req.cases[m]!.id), 'arcs', arcs, 'eligible', elig, 'floor', inst.itemOmittedFloor[i]);
}
