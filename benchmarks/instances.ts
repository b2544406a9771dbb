/** The benchmark's court instances by name: seeded, so every run measures the same requests. */
import { readFileSync } from 'node:fs';
import { PlanRequestSchema, type PlanRequest } from '../schemas/index.js';
import { generateCampaign } from '../src/network/caseGenerator.js';
import { courtNetwork } from '../src/network/courtNetwork.js';
import { generateCourtInstance } from './courtInstances.js';

export const courtInstanceNames = ['small', 'medium', 'dense', 'province', 'national'] as const;
export type CourtInstanceName = (typeof courtInstanceNames)[number];

export function courtInstance(name: CourtInstanceName): PlanRequest {
  switch (name) {
    case 'small': // 300 cases in one province
      return generateCourtInstance({ seed: 'bench-small', provinces: 1, prefecturesPerProvince: 4, countiesPerPrefecture: 6, cases: 300, decidedBy: 'high', capacityRatio: 1.1 });
    case 'medium': // 2,000 cases in one province
      return generateCourtInstance({ seed: 'bench-medium', provinces: 1, prefecturesPerProvince: 8, countiesPerPrefecture: 8, cases: 2_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'dense': // 3,000 cases at 26 courts: many cases per court, capacity tight, penalties dominate (the price steps crawl there)
      return generateCourtInstance({ seed: 'bench-dense', provinces: 1, prefecturesPerProvince: 4, countiesPerPrefecture: 5, cases: 3_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'province': // 1 high, 15 intermediate, 150 basic courts; 10,000 cases
      return generateCourtInstance({ seed: 'bench-province', provinces: 1, prefecturesPerProvince: 15, countiesPerPrefecture: 10, cases: 10_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'national': // the real network (src/network: 31 high, 341 intermediate, 2,850 basic courts); 100,000 cases; the SPC decides
      return generateCampaign({ network: courtNetwork().courts, decidingCourtId: 'spc', cases: 100_000, seed: 'bench-national', capacityRatio: 1.1 });
  }
}

/** How many seeded requests the exact-path sweep measures (`exact-0` … `exact-23`). */
export const exactPathRequestCount = 24;

/**
 * Seeded requests the size of the exact path (40–140 cases in one province, capacity 0.6–1.1 of the
 * workload), cycling through the policies that shape its 0-1 program: the default, reciprocity
 * forbidden, a pair limit of 2, and both (forbid with a limit of 3).
 */
export function exactPathRequest(seed: number): PlanRequest {
  const request = generateCourtInstance({ seed: `bench-exact-${seed}`, provinces: 1, prefecturesPerProvince: 4, countiesPerPrefecture: 6, cases: 40 + ((seed * 37) % 101), decidedBy: 'high', capacityRatio: [0.6, 0.85, 1.1][seed % 3]! });
  const policies = [{}, { reciprocity: 'forbid' as const }, { maxPerPair: 2 }, { reciprocity: 'forbid' as const, maxPerPair: 3 }];
  return { ...request, policy: { ...request.policy, ...policies[seed % 4] } };
}

/** The policy an exact-path request exercises, for the results table. */
export function exactPathPolicy(seed: number): string {
  return ['default', 'forbid', 'pair limit 2', 'forbid + pair limit 3'][seed % 4]!;
}

/**
 * Requests like the samples' between the tiny and the 400-case ones: consecutive cases of small-201
 * (about 12 candidate courts a case), court capacities scaled with their share so that they are as
 * tight as in the sample; with the default policy or a pair limit. Past 1,000 candidate pairs, where
 * the exact path took over from the core in 0.20.0 (`slice-0` … `slice-5`, 150–200 cases) and 0.22.0
 * (`slice-6` … `slice-8`, 250–350 cases).
 */
export const sampleSlices = [
  { first: 0, count: 150, policy: {} },
  { first: 0, count: 200, policy: {} },
  { first: 200, count: 200, policy: {} },
  { first: 100, count: 180, policy: {} },
  { first: 0, count: 200, policy: { maxPerPair: 2 } },
  { first: 200, count: 200, policy: { maxPerPair: 2 } },
  { first: 0, count: 250, policy: {} },
  { first: 100, count: 300, policy: {} },
  { first: 50, count: 350, policy: {} },
] as const satisfies readonly { first: number; count: number; policy: PlanRequest['policy'] }[];

export function sampleSliceRequest(index: number): PlanRequest {
  const { first, count, policy } = sampleSlices[index]!;
  const sample = PlanRequestSchema.parse(JSON.parse(readFileSync(new URL('../../shared/data/requests/small-201-default.json', import.meta.url), 'utf8')));
  return sliceOfRequest(sample, first, count, policy);
}

/** `count` of the request's cases from `first` on, the courts' capacities scaled with their share, the policy amended. */
export function sliceOfRequest(request: PlanRequest, first: number, count: number, policy: PlanRequest['policy'] = {}): PlanRequest {
  const cases = request.cases.slice(first, first + count);
  const caseIds = new Set(cases.map((courtCase) => courtCase.id));
  const share = count / request.cases.length;
  return {
    ...request,
    cases,
    courts: request.courts.map((court) => ({ ...court, capacity: Math.max(1, Math.round(court.capacity * share)) })),
    conflicts: request.conflicts?.filter((conflict) => conflict.caseId === undefined || caseIds.has(conflict.caseId)),
    policy: { ...request.policy, ...policy },
  };
}

/** The policy a slice exercises, for the results table. */
export function sampleSlicePolicy(index: number): string {
  return 'maxPerPair' in sampleSlices[index]!.policy ? 'pair limit 2' : 'default';
}
