/**
 * An independent reading of API.md, written apart from solver/ so that the two can disagree:
 * eligibility, hard rules and the objective, from the request alone. Tests use it to check every
 * plan the service returns and to brute-force tiny instances.
 */
import { resolvePolicy, type Mode, type Plan, type PlanRequest, type ResolvedPolicy } from '../../schemas/index.js';

export interface CheckContext {
  request: PlanRequest;
  policy: ResolvedPolicy;
  deciding: string;
  courtIds: string[];
  /** Case index → 'screened' or the unassigned penalty. */
  screened: boolean[];
  penalty: number[];
  modeCache: Map<string, Mode | null>;
}

const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);

export function km(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b.lat - a.lat) * r) / 2) ** 2 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * Math.sin(((b.lng - a.lng) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(h));
}

export function prepare(request: PlanRequest, deciding = request.decidingCourtId!, today = '2026-01-01'): CheckContext {
  const decidingCourt = request.courts.find((court) => court.id === deciding)!;
  const policy = resolvePolicy(request.policy, { today, decidingLevel: decidingCourt.level });
  const screened: boolean[] = [];
  const penalty: number[] = [];
  for (const courtCase of request.cases) {
    const age = Math.max(0, days(courtCase.receivedAt, policy.asOf) - (courtCase.excludedDays ?? 0));
    const out = courtCase.executionImpossible === true || (age < policy.minNetAgeDays && courtCase.escalationRequested !== true);
    screened.push(out);
    const weak = courtCase.livelihood === true || courtCase.specialGroup === true;
    penalty.push(out ? 0 : policy.unassignedBase * (courtCase.workload ?? 1) * (weak ? policy.livelihoodFactor : 1) * (1 + age / 365));
  }
  return { request, policy, deciding, courtIds: request.courts.map((court) => court.id), screened, penalty, modeCache: new Map() };
}

function ancestorsOf(request: PlanRequest, courtId: string): string[] {
  const byId = new Map(request.courts.map((court) => [court.id, court]));
  const chain: string[] = [];
  for (let at = byId.get(courtId)?.parentId ?? null; at !== null; at = byId.get(at)?.parentId ?? null) chain.push(at);
  return chain;
}

/** The deciding court itself or a court below it. */
export function withinJurisdiction(context: CheckContext, courtId: string): boolean {
  return courtId === context.deciding || ancestorsOf(context.request, courtId).includes(context.deciding);
}

/** The mode under which `courtId` may take case `caseIndex`, or null when any rule blocks it. */
export function eligibleMode(context: CheckContext, caseIndex: number, courtId: string): Mode | null {
  const key = `${caseIndex}@${courtId}`;
  if (!context.modeCache.has(key)) context.modeCache.set(key, judgeAfresh(context, caseIndex, courtId));
  return context.modeCache.get(key)!;
}

function judgeAfresh(context: CheckContext, caseIndex: number, courtId: string): Mode | null {
  const { request, policy } = context;
  const courtCase = request.cases[caseIndex]!;
  const court = request.courts.find((candidate) => candidate.id === courtId)!;
  const origin = request.courts.find((candidate) => candidate.id === courtCase.originCourtId)!;
  if (!withinJurisdiction(context, courtId)) return null;
  if (courtId === origin.id || (courtCase.previousCourtIds ?? []).includes(courtId)) return null;
  if (court.specialised && !policy.allowSpecialised) return null;
  for (const conflict of request.conflicts ?? []) {
    if (conflict.courtId !== courtId) continue;
    if (conflict.caseId === courtCase.id) return null;
    if (conflict.partyId !== undefined && conflict.partyId === courtCase.debtor?.id) return null;
  }
  for (const region of [courtCase.debtor?.domicileRegion, courtCase.debtor?.controllingGovRegion]) {
    if (region !== undefined && court.regionCode.startsWith(region)) return null;
  }
  const unit = (code: string) => code.slice(0, policy.crossRegionLevel === 'province' ? 2 : 4);
  let mode: Mode;
  if (ancestorsOf(request, origin.id).includes(courtId)) mode = 'escalated';
  else if (court.level !== origin.level) return null;
  else mode = unit(court.regionCode) === unit(origin.regionCode) ? 'designated' : 'cross_region';
  const allowed = courtCase.allowedModes ?? policy.defaultModes[courtCase.category ?? 'ordinary'];
  if (!allowed.includes(mode)) return null;
  if (mode === 'cross_region') {
    if ((courtCase.livelihood || courtCase.specialGroup) && !policy.livelihoodCrossRegion && courtCase.interferenceDocumented !== true) return null;
    if (km(origin.location, court.location) < policy.minCrossRegionKm) return null;
  }
  return mode;
}

/** Hard-rule violations of a placement: court id (or null) per case. */
export function violations(context: CheckContext, placement: (string | null)[]): string[] {
  const { request, policy } = context;
  const found: string[] = [];
  const load = new Map<string, number>();
  const pairs = new Map<string, number>();
  const bundleCourt = new Map<string, string | null>();
  placement.forEach((courtId, index) => {
    const courtCase = request.cases[index]!;
    if (courtCase.pinned && !context.screened[index] && courtId !== courtCase.pinned.courtId) found.push(`${courtCase.id}: pin moved`);
    if (courtCase.bundleId !== undefined && !context.screened[index]) {
      const seen = bundleCourt.get(courtCase.bundleId);
      if (seen !== undefined && seen !== courtId) found.push(`${courtCase.id}: bundle ${courtCase.bundleId} split`);
      bundleCourt.set(courtCase.bundleId, courtId);
    }
    if (courtId === null) return;
    if (context.screened[index]) found.push(`${courtCase.id}: screened out but assigned`);
    if (eligibleMode(context, index, courtId) === null) found.push(`${courtCase.id}: ${courtId} not eligible`);
    load.set(courtId, (load.get(courtId) ?? 0) + (courtCase.workload ?? 1));
    const pair = `${courtCase.originCourtId}>${courtId}`;
    pairs.set(pair, (pairs.get(pair) ?? 0) + 1);
  });
  for (const court of request.courts) {
    if ((load.get(court.id) ?? 0) > court.capacity + 1e-9) found.push(`${court.id}: over capacity`);
  }
  for (const [pair, count] of pairs) {
    if (policy.maxPerPair !== null && count > policy.maxPerPair) found.push(`${pair}: ${count} cases above maxPerPair`);
    const [a, b] = pair.split('>');
    if (policy.reciprocity === 'forbid' && pairs.has(`${b}>${a}`)) found.push(`${pair}: reciprocal`);
  }
  return found;
}

/** API.md's objective of a placement, term by term. */
export function objective(context: CheckContext, placement: (string | null)[]): number {
  const { request, policy } = context;
  const courts = new Map(request.courts.map((court) => [court.id, court]));
  const reference = new Map((request.reference?.assignments ?? []).map((entry) => [entry.caseId, entry]));
  const load = new Map<string, number>();
  let total = 0;
  placement.forEach((courtId, index) => {
    const courtCase = request.cases[index]!;
    const entry = reference.get(courtCase.id);
    const mode = courtId === null ? null : eligibleMode(context, index, courtId);
    if (entry && (courtId !== entry.courtId || mode !== entry.mode)) total += policy.changePenalty;
    if (courtId === null) {
      total += context.penalty[index]!;
      return;
    }
    const anchor = courtCase.anchor ?? courts.get(courtCase.originCourtId)!.location;
    total += (courtCase.workload ?? 1) * policy.perKm * km(anchor, courts.get(courtId)!.location) + policy.modeCost[mode!];
    load.set(courtId, (load.get(courtId) ?? 0) + (courtCase.workload ?? 1));
  });
  for (const court of request.courts) total += policy.overloadPerUnit * Math.max(0, (load.get(court.id) ?? 0) - policy.softShare * court.capacity);
  return total;
}

/** Everything wrong with a returned plan: hard rules, objective, bound, and the report's own sums. */
export function checkPlan(request: PlanRequest, plan: Omit<Plan, 'lifecycle'>, today?: string): { problems: string[]; objective: number } {
  const context = prepare(request, plan.decidingCourtId, today);
  const problems: string[] = [];
  const byCase = new Map(plan.assignments.map((entry) => [entry.caseId, entry]));
  const unassigned = new Map(plan.unassigned.map((entry) => [entry.caseId, entry]));
  if (plan.assignments.length + plan.unassigned.length !== request.cases.length) problems.push('cases missing or repeated');
  const placement = request.cases.map((courtCase, index) => {
    const entry = byCase.get(courtCase.id);
    if (entry && entry.mode !== eligibleMode(context, index, entry.courtId)) problems.push(`${courtCase.id}: wrong mode ${entry.mode}`);
    if (!entry && !unassigned.has(courtCase.id)) problems.push(`${courtCase.id}: not in the plan`);
    if (context.screened[index] && unassigned.get(courtCase.id)?.reason !== 'screened_out') problems.push(`${courtCase.id}: should be screened out`);
    if (!context.screened[index] && unassigned.get(courtCase.id)?.reason === 'screened_out') problems.push(`${courtCase.id}: wrongly screened out`);
    return entry?.courtId ?? null;
  });
  problems.push(...violations(context, placement));
  const value = objective(context, placement);
  if (Math.abs(value - plan.objective) > 1e-9 * Math.max(1, Math.abs(value))) problems.push(`objective ${plan.objective} but the formula gives ${value}`);
  if (plan.lowerBound > plan.objective + 1e-9 * Math.max(1, Math.abs(plan.objective))) problems.push('lowerBound above objective');
  const gap = (plan.objective - plan.lowerBound) / Math.max(1, Math.abs(plan.objective));
  if (Math.abs(gap - plan.gap) > 1e-12) problems.push(`gap ${plan.gap} but the formula gives ${gap}`);
  if ((plan.status === 'optimal') !== plan.gap <= 1e-9) problems.push(`status ${plan.status} with gap ${plan.gap}`);
  for (const row of plan.courts) {
    const load = plan.assignments.filter((entry) => entry.courtId === row.courtId).reduce((sum, entry) => sum + (request.cases.find((c) => c.id === entry.caseId)!.workload ?? 1), 0);
    if (Math.abs(load - row.load) > 1e-9) problems.push(`${row.courtId}: load ${row.load} but cases sum to ${load}`);
  }
  return { problems, objective: value };
}
