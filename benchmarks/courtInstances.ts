/**
 * Seeded generator of court planning requests shaped like the real network: an SPC, high courts
 * for real provinces, intermediate courts per prefecture, basic courts per county, with case mixes
 * after DOMAIN.md (harder backlog, livelihood, execution impossible, bundles, conflicts, locality).
 * Same options and seed, same request.
 */
import type { Case, Conflict, Court, PlanRequest } from '../schemas/index.js';
import { seededGenerator } from '../solver/seededRandom.js';

export interface CourtInstanceOptions {
  seed: string;
  provinces: number;
  prefecturesPerProvince: number;
  countiesPerPrefecture: number;
  cases: number;
  /** Total capacity as a share of the demand (workload of the cases); default 1.2. */
  capacityRatio?: number;
  /** Who decides: the SPC over every province, or the first province's high court. */
  decidedBy: 'spc' | 'high';
  asOf?: string;
}

/** Province codes and approximate capital coordinates (GB/T 2260). */
const provinceSeats = [
  { code: '11', name: '北京市', lat: 39.9, lng: 116.4 },
  { code: '12', name: '天津市', lat: 39.13, lng: 117.2 },
  { code: '13', name: '河北省', lat: 38.04, lng: 114.51 },
  { code: '14', name: '山西省', lat: 37.87, lng: 112.55 },
  { code: '32', name: '江苏省', lat: 32.06, lng: 118.8 },
  { code: '33', name: '浙江省', lat: 30.27, lng: 120.15 },
  { code: '37', name: '山东省', lat: 36.65, lng: 117.12 },
  { code: '41', name: '河南省', lat: 34.76, lng: 113.65 },
  { code: '42', name: '湖北省', lat: 30.59, lng: 114.3 },
  { code: '44', name: '广东省', lat: 23.13, lng: 113.26 },
  { code: '51', name: '四川省', lat: 30.66, lng: 104.07 },
  { code: '61', name: '陕西省', lat: 34.34, lng: 108.94 },
];

const pad2 = (value: number) => String(value).padStart(2, '0');

export function generateCourtInstance(options: CourtInstanceOptions): PlanRequest {
  const random = seededGenerator(options.seed);
  const between = (low: number, high: number) => low + random() * (high - low);
  const chance = (p: number) => random() < p;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;

  const courts: Court[] = [{ id: 'spc', name: '最高人民法院', level: 'supreme', parentId: null, regionCode: '', location: { lat: 39.9, lng: 116.4 }, capacity: 0 }];
  const basics: Court[] = [];
  const intermediates: Court[] = [];
  for (let p = 0; p < options.provinces; p++) {
    const seat = provinceSeats[p % provinceSeats.length]!;
    const provinceCode = p < provinceSeats.length ? seat.code : String(50 + p).slice(-2);
    const high: Court = { id: `h${provinceCode}`, name: `${seat.name}高级人民法院`, level: 'high', parentId: 'spc', regionCode: provinceCode, location: { lat: seat.lat, lng: seat.lng }, capacity: 0 };
    courts.push(high);
    for (let f = 1; f <= options.prefecturesPerProvince; f++) {
      const prefectureCode = provinceCode + pad2(f);
      const centre = { lat: seat.lat + between(-2, 2), lng: seat.lng + between(-2.5, 2.5) };
      const intermediate: Court = { id: `i${prefectureCode}`, name: `${seat.name}第${f}中级人民法院`, level: 'intermediate', parentId: high.id, regionCode: prefectureCode, location: centre, capacity: 0 };
      courts.push(intermediate);
      intermediates.push(intermediate);
      for (let c = 1; c <= options.countiesPerPrefecture; c++) {
        const countyCode = prefectureCode + pad2(c);
        const basic: Court = {
          id: `b${countyCode}`,
          name: `${seat.name}${f}市第${c}区人民法院`,
          level: 'basic',
          parentId: intermediate.id,
          regionCode: countyCode,
          location: { lat: centre.lat + between(-0.6, 0.6), lng: centre.lng + between(-0.6, 0.6) },
          capacity: 0,
          ...(chance(0.02) ? { specialised: true } : {}),
        };
        courts.push(basic);
        basics.push(basic);
      }
    }
  }

  const decidingCourt = options.decidedBy === 'spc' ? courts[0]! : courts.find((court) => court.level === 'high')!;
  const inside = (court: Court) => decidingCourt.regionCode === '' || court.regionCode.startsWith(decidingCourt.regionCode);
  const originBasics = basics.filter(inside);
  const originIntermediates = intermediates.filter(inside);
  const asOf = options.asOf ?? '2025-06-30';
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  const debtors: { id: string; origin: Court }[] = [];
  const cases: Case[] = [];
  let demand = 0;
  for (let index = 0; index < options.cases; index++) {
    const origin = chance(0.9) ? pick(originBasics) : pick(originIntermediates);
    // A few debtors owe in several courts: the concentrated-execution bundles.
    const repeat = debtors.length > 0 && chance(0.06) ? pick(debtors) : null;
    const debtorId = repeat?.id ?? `d${index}`;
    if (!repeat) debtors.push({ id: debtorId, origin });
    const caseOrigin = repeat?.origin ?? origin;
    const ageDays = Math.floor(between(60, 1500));
    const workload = chance(0.7) ? 1 : chance(0.67) ? 2 : 3;
    demand += workload;
    const hard = chance(0.25);
    const courtCase: Case = {
      id: `${caseOrigin.regionCode}-${index}`,
      originCourtId: caseOrigin.id,
      workload,
      amountOutstanding: Math.round(between(1e4, 5e6)),
      receivedAt: new Date(asOfMs - ageDays * 86_400_000).toISOString().slice(0, 10),
      ...(chance(0.3) ? { excludedDays: Math.floor(between(10, 120)) } : {}),
      category: hard ? 'hard_backlog' : 'ordinary',
      ...(chance(0.15) ? { livelihood: true } : {}),
      ...(chance(0.05) ? { specialGroup: true } : {}),
      ...(chance(0.04) ? { executionImpossible: true } : {}),
      ...(chance(0.05) ? { escalationRequested: true } : {}),
      debtor: {
        id: debtorId,
        ...(chance(0.7) ? { domicileRegion: caseOrigin.regionCode } : {}),
        ...(hard && chance(0.4) ? { controllingGovRegion: caseOrigin.regionCode.slice(0, 4) } : {}),
      },
      ...(chance(0.6) ? { anchor: { lat: caseOrigin.location.lat + between(-0.3, 0.3), lng: caseOrigin.location.lng + between(-0.3, 0.3) } } : {}),
      ...(chance(0.1) ? { previousCourtIds: [pick(originBasics).id] } : {}),
    };
    cases.push(courtCase);
  }
  // Cases against one debtor in one court form a concentrated-execution bundle.
  const perDebtor = new Map<string, Case[]>();
  for (const courtCase of cases) perDebtor.set(courtCase.debtor!.id!, [...(perDebtor.get(courtCase.debtor!.id!) ?? []), courtCase]);
  for (const [debtorId, owed] of perDebtor) if (owed.length > 1) for (const courtCase of owed) courtCase.bundleId = `bundle-${debtorId}`;

  // Capacity: shared out over basic courts mostly, some to intermediate and high courts for escalation.
  const totalCapacity = demand * (options.capacityRatio ?? 1.2);
  const weights = courts.map((court) => (court.level === 'basic' ? between(0.5, 1.5) : court.level === 'intermediate' ? between(0.5, 1.5) * 1.5 : court.level === 'high' ? 2 : 0));
  const weightSum = weights.reduce((sum, weight) => sum + weight, 0);
  courts.forEach((court, index) => {
    court.capacity = Math.round((totalCapacity * weights[index]!) / weightSum);
  });

  const conflicts: Conflict[] = [];
  for (const courtCase of cases) {
    if (chance(0.01)) conflicts.push({ courtId: pick(basics).id, caseId: courtCase.id, reason: 'judge related to a party' });
    if (chance(0.005)) conflicts.push({ courtId: pick(basics).id, partyId: courtCase.debtor!.id!, reason: 'debtor is the court’s landlord' });
  }
  return { decidingCourtId: decidingCourt.id, courts, cases, conflicts, policy: { asOf }, options: { seed: options.seed } };
}
