import { readFileSync } from 'node:fs';
import { PlanRequestSchema, resolvePolicy } from '../schemas/index.js';
import { buildCourtContext } from '../solver/courtContext.js';
import { compileInstance } from '../solver/instance.js';
import { buildMipModel, decodePlacement } from '../solver/exact/mipModel.js';
import { placementObjective, isPlacementFeasible } from '../solver/sideConstraints.js';
import { solveWithHighs } from '../benchmarks/highsRunner.js';
const r = PlanRequestSchema.parse(JSON.parse(readFileSync(process.argv[2]!, 'utf8')));
const policy = resolvePolicy(r.policy, { today: '2026-01-01', decidingLevel: r.courts.find((c) => c.id === r.decidingCourtId)!.level });
const inst = compileInstance(buildCourtContext(r, policy, r.decidingCourtId!), '0');
const model = buildMipModel(inst);
const ans = await solveWithHighs(model.spec, { integer: true, timeLimitSeconds: 120 });
const placement = decodePlacement(inst, model, ans.values);
console.log(ans.status, ans.objective + model.constant, ans.seconds, 'recomputed', placementObjective(inst, placement), isPlacementFeasible(inst, placement));
import { modelFromCourtInstance } from '../solver/core/fromCourtInstance.js';
import { solveAssignmentModel } from '../solver/core/coreSolve.js';
const m = modelFromCourtInstance(inst);
const core = solveAssignmentModel(m, { timeLimitMs: 3000, gapTolerance: 0, seed: '0', clock: () => performance.now() });
const ours = Int32Array.from(core.itemArc, (a) => (a === -1 ? -1 : m.arcBin[a]!));
let diff = 0;
for (let i = 0; i < inst.itemCount; i++) {
  if ((ours[i] === -1) !== (placement[i] === -1)) {
    diff++;
    const members = [...inst.memberCase.subarray(inst.memberStart[i]!, inst.memberStart[i + 1]!)];
    console.log('item', i, 'ours', ours[i], 'highs', placement[i], 'w', inst.itemWorkload[i], 'pen', inst.itemUnassignedCost[i]!.toFixed(0), 'arcs', inst.arcStart[i + 1]! - inst.arcStart[i]!, members.map((c) => r.cases[c]!.id).join(','));
  }
}
const loadsO = new Float64Array(inst.context.tree.count), loadsH = new Float64Array(inst.context.tree.count);
for (let i = 0; i < inst.itemCount; i++) { if (ours[i]! >= 0) loadsO[ours[i]!] += inst.itemWorkload[i]!; if (placement[i]! >= 0) loadsH[placement[i]!] += inst.itemWorkload[i]!; }
console.log('core', core.objective, 'diff items', diff);
r.courts.forEach((c, j) => { if (loadsO[j] !== loadsH[j]) console.log(c.id, c.level, 'cap', c.capacity, 'ours', loadsO[j], 'highs', loadsH[j]); });
