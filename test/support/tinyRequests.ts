/**
 * Seeded random tiny plan requests over a 15-court tree (SPC, 2 high, 4 intermediate, 8 basic
 * courts), exercising every rule: screening, locality, conflicts, bundles, pins, modes, pair
 * limits, reciprocity and references. Small enough to enumerate every placement.
 */
import type { Case, Conflict, Court, Mode, PlanRequest } from '../../schemas/index.js';
import { eligibleMode, prepare, withinJurisdiction } from './independentChecker.js';

export type Random = () => number;

/** mulberry32 seeded from a string (e.g. the test's name) so every run sees the same instances. */
export function randomFrom(seed: string): Random {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619);
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const chance = (random: Random, p: number) => random() < p;

export function tinyCourts(random: Random): Court[] {
  const courts: Court[] = [{ id: 'spc', name: '最高人民法院', level: 'supreme', parentId: null, regionCode: '', location: { lat: 39.9, lng: 116.4 }, capacity: Math.floor(random() * 4) }];
  const provinces = [
    { code: '11', lat: 39.9, lng: 116.4 },
    { code: '13', lat: 38.0, lng: 114.5 },
  ];
  for (const province of provinces) {
    courts.push({ id: `h${province.code}`, name: `高院${province.code}`, level: 'high', parentId: 'spc', regionCode: province.code, location: { lat: province.lat, lng: province.lng }, capacity: Math.floor(random() * 5) });
    for (const prefecture of ['01', '02']) {
      const code = province.code + prefecture;
      const lat = province.lat + (random() - 0.5) * 1.5;
      const lng = province.lng + (random() - 0.5) * 1.5;
      courts.push({ id: `i${code}`, name: `中院${code}`, level: 'intermediate', parentId: `h${province.code}`, regionCode: code, location: { lat, lng }, capacity: Math.floor(random() * 5) });
      for (const county of ['01', '02']) {
        courts.push({
          id: `b${code}${county}`,
          name: `基层${code}${county}`,
          level: 'basic',
          parentId: `i${code}`,
          regionCode: code + county,
          location: { lat: lat + (random() - 0.5) * 0.6, lng: lng + (random() - 0.5) * 0.6 },
          capacity: Math.floor(random() * 5),
          ...(chance(random, 0.08) ? { specialised: true } : {}),
        });
      }
    }
  }
  return courts;
}

export function tinyRequest(random: Random, caseCount: number): PlanRequest {
  const courts = tinyCourts(random);
  const decidingCourtId = chance(random, 0.4) ? 'spc' : pick(random, ['h11', 'h13']);
  const below = courts.filter((court) => court.level === 'basic' || court.level === 'intermediate').filter((court) => decidingCourtId === 'spc' || court.regionCode.startsWith(decidingCourtId.slice(1)));
  const regionCodes = courts.map((court) => court.regionCode).filter((code) => code !== '');
  const allModes: Mode[] = ['designated', 'escalated', 'cross_region'];
  const cases: Case[] = [];
  for (let index = 0; index < caseCount; index++) {
    const origin = pick(random, below);
    const receivedAt = new Date(Date.UTC(2025, 5, 30) - Math.floor(random() * 1500) * 86_400_000).toISOString().slice(0, 10);
    const courtCase: Case = { id: `c${index}`, originCourtId: origin.id, receivedAt, workload: pick(random, [1, 1, 1, 2, 3, 0.5]) };
    if (chance(random, 0.3)) courtCase.excludedDays = Math.floor(random() * 200);
    if (chance(random, 0.3)) courtCase.category = 'hard_backlog';
    if (chance(random, 0.2)) courtCase.livelihood = true;
    if (chance(random, 0.1)) courtCase.specialGroup = true;
    if (chance(random, 0.08)) courtCase.executionImpossible = true;
    if (chance(random, 0.2)) courtCase.escalationRequested = true;
    if (chance(random, 0.5)) {
      courtCase.debtor = { id: pick(random, ['d1', 'd2', 'd3']) };
      if (chance(random, 0.4)) courtCase.debtor.domicileRegion = pick(random, regionCodes);
      if (chance(random, 0.2)) courtCase.debtor.controllingGovRegion = pick(random, regionCodes).slice(0, 4);
    }
    if (chance(random, 0.5)) courtCase.anchor = { lat: origin.location.lat + random() - 0.5, lng: origin.location.lng + random() - 0.5 };
    if (chance(random, 0.2)) courtCase.previousCourtIds = [pick(random, courts).id];
    if (chance(random, 0.2)) courtCase.bundleId = pick(random, ['B1', 'B2']);
    if (chance(random, 0.2)) courtCase.allowedModes = allModes.filter(() => chance(random, 0.6)).concat(pick(random, allModes)).filter((mode, at, list) => list.indexOf(mode) === at);
    cases.push(courtCase);
  }
  const conflicts: Conflict[] = [];
  for (let count = Math.floor(random() * 4); count > 0; count--) {
    const courtId = pick(random, courts).id;
    conflicts.push(chance(random, 0.5) ? { courtId, caseId: pick(random, cases).id, reason: 'judge related to a party' } : { courtId, partyId: pick(random, ['d1', 'd2', 'd3']), reason: 'party is a major local taxpayer' });
  }
  const request: PlanRequest = {
    decidingCourtId,
    courts,
    cases,
    conflicts,
    policy: {
      asOf: '2025-06-30',
      ...(chance(random, 0.3) ? { reciprocity: 'forbid' as const } : {}),
      ...(chance(random, 0.3) ? { maxPerPair: 1 + Math.floor(random() * 2) } : {}),
      ...(chance(random, 0.2) ? { livelihoodCrossRegion: true } : {}),
      ...(chance(random, 0.3) ? { minCrossRegionKm: 100 } : {}),
      ...(chance(random, 0.3) ? { softShare: random() } : {}),
      ...(chance(random, 0.2) ? { crossRegionLevel: pick(random, ['prefecture', 'province'] as const) } : {}),
      ...(chance(random, 0.2) ? { unassignedBase: 50 } : {}),
    },
    options: { seed: String(Math.floor(random() * 1000)), gapTolerance: 0 },
  };
  const context = prepare(request, decidingCourtId);
  const inside = courts.filter((court) => withinJurisdiction(context, court.id));
  if (chance(random, 0.3)) {
    request.reference = {
      assignments: cases.filter(() => chance(random, 0.4)).map((courtCase) => ({ caseId: courtCase.id, courtId: pick(random, inside).id, mode: pick(random, allModes) })),
    };
  }
  if (chance(random, 0.25)) {
    // One pin on a case outside any bundle, at a court that can take it: pins that break rules are 422s, tested apart.
    const index = cases.findIndex((courtCase, at) => courtCase.bundleId === undefined && !context.screened[at]);
    const courtCase = cases[index];
    const court = courtCase && courts.find((candidate) => candidate.capacity >= (courtCase.workload ?? 1) && eligibleMode(context, index, candidate.id) !== null);
    if (courtCase && court) courtCase.pinned = { courtId: court.id, mode: eligibleMode(context, index, court.id)! };
  }
  return request;
}
