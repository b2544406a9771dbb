/**
 * One measurement in a fresh process, so that peak RSS belongs to it alone:
 *   tsx benchmarks/runOne.ts ours|highs|jsLpSolver INSTANCE TIME_LIMIT_MS [warm]
 * prints one JSON line (with `warm`: ours after the service threads' warm-up plans, others after the
 * same solve once). INSTANCE
 * is a court instance name or a sample request file name.
 * Every answer is decoded into a placement and checked for feasibility before it counts; the time is
 * the solver's, taken when it returns (the checks are the benchmark's own).
 */
import { readFileSync } from 'node:fs';
import lpSolverExport, { type SolverAPI } from 'javascript-lp-solver';
import { PlanRequestSchema, resolvePolicy, type PlanRequest } from '../schemas/index.js';
import { buildCourtContext } from '../solver/courtContext.js';
import { solveAssignmentModel } from '../solver/core/coreSolve.js';
import { modelFromCourtInstance } from '../solver/core/fromCourtInstance.js';
import { buildMipModel, decodePlacement } from '../solver/exact/mipModel.js';
import { exceedsExactPath } from '../solver/exactSolve.js';
import { compileInstance } from '../solver/instance.js';
import { isPlacementFeasible, placementObjective } from '../solver/sideConstraints.js';
import { planCourts, solveSmallModel } from '../solver/index.js';
import { scanPartnerFor, startScanPartner } from '../src/workers/scanPartner.js';
import { warmUpPlans, warmUpRounds } from '../src/workers/warmUpPlans.js';
import { solveWithHighs } from './highsRunner.js';
import { courtInstance, courtInstanceNames, exactPathRequest, sampleSliceRequest, type CourtInstanceName } from './instances.js';

const [contender, name, limitText, mode] = process.argv.slice(2);
const warm = mode === 'warm';
// Our core takes the machine's second core for its price steps on large models, as the service's solver threads do.
if (contender === 'ours' || contender === 'service') await startScanPartner();
const timeLimitMs = Number(limitText ?? 10_000);
const exactPathSeed = /^exact-(\d+)$/.exec(name!)?.[1];
const sliceIndex = /^slice-(\d+)$/.exec(name!)?.[1];
const request: PlanRequest = (courtInstanceNames as readonly string[]).includes(name!)
  ? courtInstance(name as CourtInstanceName)
  : exactPathSeed !== undefined
    ? exactPathRequest(Number(exactPathSeed))
    : sliceIndex !== undefined
      ? sampleSliceRequest(Number(sliceIndex))
      : PlanRequestSchema.parse(JSON.parse(readFileSync(new URL(`../../shared/data/requests/${name}`, import.meta.url), 'utf8')));

const decidingCourtId = request.decidingCourtId!;
const level = request.courts.find((court) => court.id === decidingCourtId)!.level;
const policy = resolvePolicy(request.policy, { today: '2025-06-30', decidingLevel: level });
/** The request's own seed, as the service would use it. */
const seed = request.options?.seed ?? '0';
let started = performance.now();
const instance = compileInstance(buildCourtContext(request, policy, decidingCourtId), seed);
const compileMs = performance.now() - started;
const clock = () => performance.now();

interface Measured { objective: number | null; lowerBound: number | null; status: string; solveMs: number }
/** One solve by the contender, timed and checked. */
async function measureOnce(): Promise<Measured> {
  let measured: Measured;
  if (contender === 'service') {
    // The service's whole path: compile included (compileMs above is a separate compile, for scale), candidate widening, report.
    started = performance.now();
    const outcome = planCourts({ request, policy, decidingCourtId, seed, timeLimitMs, gapTolerance: 1e-6, clock, scanPartner: scanPartnerFor });
    const solveMs = performance.now() - started;
    if (outcome.kind !== 'planned') throw new Error(`service: ${outcome.kind}`);
    const problems = checkPlanFeasible(request, outcome.plan);
    if (problems) throw new Error(`service: ${problems}`);
    measured = { objective: outcome.plan.objective, lowerBound: outcome.plan.lowerBound, status: `service ${outcome.plan.status}`, solveMs };
  } else if (contender === 'ours') {
    started = performance.now();
    if (exceedsExactPath(instance) || instance.hasOmittedCandidates) {
      const model = modelFromCourtInstance(instance);
      // The limit covers the solve as timed here, building the model included (national: about 0.15 s).
      const core = solveAssignmentModel(model, { timeLimitMs: Math.max(0, timeLimitMs - (performance.now() - started)), gapTolerance: 1e-6, seed, clock, scanPartner: scanPartnerFor });
      const solveMs = performance.now() - started;
      const itemCourt = Int32Array.from(core.itemArc, (arc) => (arc === -1 ? -1 : model.arcBin[arc]!));
      if (!isPlacementFeasible(instance, itemCourt)) throw new Error('ours: infeasible placement');
      measured = { objective: placementObjective(instance, itemCourt), lowerBound: core.lowerBound, status: `core ${core.status}`, solveMs };
    } else {
      // The service's small-model path: the exact search, the core after it if the proof does not come in time.
      const exact = solveSmallModel(instance, { request, policy, decidingCourtId, seed, timeLimitMs, gapTolerance: 1e-6, clock });
      const solveMs = performance.now() - started;
      if (!isPlacementFeasible(instance, exact.itemCourt)) throw new Error('ours: infeasible placement');
      measured = { objective: exact.objective, lowerBound: exact.lowerBound, status: `exact ${exact.status}`, solveMs };
    }
  } else {
    const model = buildMipModel(instance);
    started = performance.now();
    if (contender === 'highs' || contender === 'highsLp') {
      const integer = contender === 'highs';
      const answer = await solveWithHighs(model.spec, { integer, timeLimitSeconds: timeLimitMs / 1000 });
      const solveMs = performance.now() - started;
      const placement = decodePlacement(instance, model, answer.values);
      const feasible = integer && isPlacementFeasible(instance, placement);
      measured = {
        objective: feasible ? placementObjective(instance, placement) : null,
        lowerBound: !integer && answer.status === 'Optimal' ? answer.objective + model.constant : null,
        status: answer.status,
        solveMs,
      };
    } else {
      const lpSolver = lpSolverExport as unknown as SolverAPI;
      const integer = contender === 'jsLpSolver';
      const raw = lpSolver.Solve({ optimize: 'cost', opType: 'min', constraints: model.spec.constraints, variables: model.spec.variables, ...(integer ? { binaries: Object.fromEntries(model.spec.binaries.map((b) => [b, 1])) } : {}), options: { timeout: timeLimitMs } }) as Record<string, unknown>;
      const solveMs = performance.now() - started;
      const values = new Map(Object.keys(model.spec.variables).map((variable) => [variable, typeof raw[variable] === 'number' ? (raw[variable] as number) : 0]));
      const placement = decodePlacement(instance, model, values);
      const integral = [...values.values()].every((value) => Math.abs(value - Math.round(value)) < 1e-6);
      const feasible = integer && raw.feasible === true && integral && isPlacementFeasible(instance, placement);
      measured = {
        objective: feasible ? placementObjective(instance, placement) : null,
        lowerBound: !integer && raw.feasible === true ? (raw.result as number) + model.constant : null,
        status: raw.feasible === true ? (integer && !integral ? 'fractional (rejected)' : 'feasible') : 'no answer',
        solveMs,
      };
    }
  }
  return measured;
}

// Warm: ours after the warm-up plans every service solver thread makes at start (our code compiled by
// the JIT on other requests than the one measured); HiGHS after the same solve once (its WebAssembly
// instantiated and warmed).
if (warm && (contender === 'ours' || contender === 'service')) {
  const plans = warmUpPlans();
  for (let round = 0; round < warmUpRounds; round++) for (const plan of plans) planCourts({ ...plan, clock, scanPartner: scanPartnerFor });
} else if (warm) await measureOnce();
const measured = await measureOnce();
console.log(JSON.stringify({ contender, instance: name, cases: request.cases.length, courts: request.courts.length, items: instance.itemCount, arcs: instance.arcCourt.length, compileMs, ...measured, maxRssMiB: process.resourceUsage().maxRSS / 1024 }));

/** The plan's assignments as a placement of the compiled instance, checked with the same feasibility test as every contender. */
function checkPlanFeasible(request: PlanRequest, plan: { assignments: { caseId: string; courtId: string }[] }): string | null {
  const courtIndex = new Map(request.courts.map((court, index) => [court.id, index]));
  const placement = new Int32Array(instance.itemCount).fill(-1);
  const caseIndex = new Map(request.cases.map((courtCase, index) => [courtCase.id, index]));
  for (const { caseId, courtId } of plan.assignments) placement[instance.itemOfCase[caseIndex.get(caseId)!]!] = courtIndex.get(courtId)!;
  return isPlacementFeasible(instance, placement) ? null : 'infeasible placement';
}
