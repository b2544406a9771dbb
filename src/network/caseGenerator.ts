import type { Case, Conflict, Court, PlanRequest } from '../../schemas/index.js';
import { seededGenerator } from '../../solver/seededRandom.js';

/**
 * The case mix of a generated campaign. Figures marked (DOMAIN) come from ../shared/DOMAIN.md;
 * the rest are our assumptions, stated here so an analyst can see and change them.
 */
export const caseMix = {
  /** About ¥160 bn recovered over about 300,000 moved cases: ≈ ¥533,000 a case on average (DOMAIN). Log-normal around it. */
  amount: { ordinaryMedian: 75_000, livelihoodMedian: 25_000, sigma: 1.9, livelihoodSigma: 1.0 },
  /** Harder backlog (较难积案), the cases for cross-region execution. */
  hardBacklogShare: 0.2,
  /** 涉民生 cases (wages, support, injury) and special-group applicants: top priority (DOMAIN §4). */
  livelihoodShare: 0.12,
  specialGroupShare: 0.06,
  /** 执行不能: screened out, not moved (DOMAIN §4). */
  executionImpossibleShare: 0.06,
  /** The origin court asked to be relieved (Rules on enforcement work Art. 15). */
  escalationRequestedShare: 0.04,
  /** Net age: a share below the six-month trigger; the rest 183 days + an exponential tail (mean in days), at most six years. */
  netAge: { tooRecentShare: 0.08, tailMeanDays: 420, maxDays: 6 * 365 },
  /** Excluded periods (public notice, appraisal, jurisdiction disputes, deferral…): who has one and how long. */
  excluded: { share: 0.3, minDays: 20, maxDays: 240 },
  /** Debtors: companies vs individuals; special-subject debtors (government body, SOE, major local taxpayer) among companies. */
  debtor: { companyShare: 0.55, specialSubjectShare: 0.08, domicileAtOrigin: 0.8, domicileInPrefecture: 0.15 },
  /** Companies owing in many courts: a company debtor is a repeat debtor of its prefecture this often (Zipf-like pool). */
  repeatDebtorShare: 0.35,
  /** Main property known (the anchor) for this share, near the debtor's domicile. */
  anchorShare: 0.65,
  previousCourtShare: 0.08,
  /** Cases against one debtor in one court that go together (集中执行), at most this many a bundle. */
  bundle: { share: 0.3, maxSize: 6 },
  /** Conflicts of interest: a (case, court) pair and a (debtor, court) pair, per case. */
  conflict: { caseShare: 0.01, partyShare: 0.004 },
  /** A share of cases starts in an intermediate court (its own first-instance judgments: larger amounts). */
  intermediateOriginShare: 0.05,
} as const;

export interface CaseGeneratorOptions {
  /** The whole network: the request keeps the deciding court's subtree and its ancestors. */
  network: readonly Court[];
  decidingCourtId: string;
  cases: number;
  seed: string;
  /** The as-of date of the campaign; default 2025-06-30. */
  asOf?: string;
  /** Total capacity of the courts ÷ total workload of the cases; default 1.2. */
  capacityRatio?: number;
}

const dayMs = 86_400_000;

/**
 * A seeded campaign on the real network: the deciding court's jurisdiction, cases drawn from the
 * case mix, capacities scaled from the network's relative capacities to the cases' workload.
 * The same options give the same request.
 */
export function generateCampaign(options: CaseGeneratorOptions): PlanRequest {
  const random = seededGenerator(options.seed);
  const chance = (p: number) => random() < p;
  const between = (low: number, high: number) => low + random() * (high - low);
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)]!;
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());

  const courts = jurisdictionOf(options.network, options.decidingCourtId).map((court) => ({ ...court, location: { ...court.location } }));
  const basics = courts.filter((court) => court.level === 'basic');
  const intermediates = courts.filter((court) => court.level === 'intermediate' && court.id !== options.decidingCourtId);
  const byId = new Map(courts.map((court) => [court.id, court]));
  const basicsByPrefecture = new Map<string, Court[]>();
  for (const court of basics) basicsByPrefecture.set(court.regionCode.slice(0, 4), [...(basicsByPrefecture.get(court.regionCode.slice(0, 4)) ?? []), court]);
  const siblingsOf = (court: Court) => (basicsByPrefecture.get(court.regionCode.slice(0, 4)) ?? []).filter((other) => other.id !== court.id);
  // Origins in proportion to a court's size (its relative capacity): big urban courts have more backlog.
  const basicWeights = cumulative(basics.map((court) => court.capacity));
  const pickBasic = () => basics[lowerBound(basicWeights, random() * basicWeights.at(-1)!)]!;

  const asOf = options.asOf ?? '2025-06-30';
  const asOfMs = Date.parse(`${asOf}T00:00:00Z`);
  interface Debtor {
    id: string;
    domicile: Court;
    controllingGovRegion?: string;
  }
  const repeatDebtors = new Map<string, Debtor[]>();
  /** A debtor where the case started, mostly: its county, else its prefecture, else anywhere; a special-subject company is controlled by a local government. */
  const newDebtor = (id: string, origin: Court, company: boolean): Debtor => {
    const where = random();
    const domicile =
      origin.level === 'basic' && where < caseMix.debtor.domicileAtOrigin
        ? origin
        : where < caseMix.debtor.domicileAtOrigin + caseMix.debtor.domicileInPrefecture
          ? pick(basicsByPrefecture.get(origin.regionCode.slice(0, 4)) ?? [origin])
          : pickBasic();
    const specialSubject = company && chance(caseMix.debtor.specialSubjectShare);
    return { id, domicile, ...(specialSubject ? { controllingGovRegion: chance(0.5) ? domicile.regionCode.slice(0, 4) : domicile.regionCode } : {}) };
  };
  const cases: Case[] = [];
  let demand = 0;
  for (let index = 0; index < options.cases; index++) {
    const fromIntermediate = intermediates.length > 0 && chance(caseMix.intermediateOriginShare);
    const origin = fromIntermediate ? pick(intermediates) : pickBasic();
    const prefectureCode = origin.regionCode.slice(0, 4);
    const livelihood = chance(caseMix.livelihoodShare);
    const company = !livelihood && chance(caseMix.debtor.companyShare);
    // A debtor is one party everywhere it owes: its domicile and who controls it do not change from case to case.
    let debtor: Debtor;
    if (company && chance(caseMix.repeatDebtorShare)) {
      const pool = repeatDebtors.get(prefectureCode) ?? [];
      // Zipf-like: a new company joins the pool now and then; otherwise earlier ones are picked, the first most.
      if (pool.length === 0 || chance(1 / (1 + pool.length / 4))) pool.push(newDebtor(`c-${prefectureCode}-${pool.length + 1}`, origin, true));
      debtor = pool[Math.floor(pool.length * random() ** 2)]!;
      repeatDebtors.set(prefectureCode, pool);
    } else {
      debtor = newDebtor(`d-${options.seed}-${index}`, origin, company);
    }
    const hard = debtor.controllingGovRegion !== undefined || chance(caseMix.hardBacklogShare);

    const amountMedian = livelihood ? caseMix.amount.livelihoodMedian : caseMix.amount.ordinaryMedian * (fromIntermediate ? 8 : 1);
    const amount = Math.round(amountMedian * Math.exp((livelihood ? caseMix.amount.livelihoodSigma : caseMix.amount.sigma) * normal()));
    const workload = 1 + (amount > 1_000_000 ? 1 : 0) + (hard ? 1 : 0);
    demand += workload;

    const netAge = chance(caseMix.netAge.tooRecentShare)
      ? Math.floor(between(30, 182))
      : Math.min(caseMix.netAge.maxDays, 183 + Math.floor(-caseMix.netAge.tailMeanDays * Math.log(1 - random())));
    const excludedDays = chance(caseMix.excluded.share) ? Math.floor(between(caseMix.excluded.minDays, caseMix.excluded.maxDays)) : 0;
    const domicile = debtor.domicile;

    const courtCase: Case = {
      id: `${origin.regionCode}-${index}`,
      originCourtId: origin.id,
      workload,
      amountOutstanding: amount,
      receivedAt: new Date(asOfMs - (netAge + excludedDays) * dayMs).toISOString().slice(0, 10),
      ...(excludedDays > 0 ? { excludedDays } : {}),
      category: hard ? 'hard_backlog' : 'ordinary',
      ...(livelihood ? { livelihood: true } : {}),
      ...(chance(caseMix.specialGroupShare) ? { specialGroup: true } : {}),
      ...(chance(caseMix.executionImpossibleShare) ? { executionImpossible: true } : {}),
      ...(chance(caseMix.escalationRequestedShare) ? { escalationRequested: true } : {}),
      debtor: { id: debtor.id, domicileRegion: domicile.regionCode, ...(debtor.controllingGovRegion ? { controllingGovRegion: debtor.controllingGovRegion } : {}) },
      ...(chance(caseMix.anchorShare) ? { anchor: { lat: domicile.location.lat + between(-0.15, 0.15), lng: domicile.location.lng + between(-0.15, 0.15) } } : {}),
    };
    if (origin.level === 'basic' && chance(caseMix.previousCourtShare)) {
      const siblings = siblingsOf(origin);
      if (siblings.length > 0) courtCase.previousCourtIds = [pick(siblings).id];
    }
    cases.push(courtCase);
  }

  // Concentrated execution: a debtor's cases in one origin court often go together.
  const byDebtorAndOrigin = new Map<string, Case[]>();
  for (const courtCase of cases) {
    const key = `${courtCase.debtor!.id}@${courtCase.originCourtId}`;
    byDebtorAndOrigin.set(key, [...(byDebtorAndOrigin.get(key) ?? []), courtCase]);
  }
  for (const [key, owed] of byDebtorAndOrigin) {
    if (owed.length < 2 || !chance(caseMix.bundle.share)) continue;
    for (const courtCase of owed.slice(0, caseMix.bundle.maxSize)) courtCase.bundleId = `bundle-${key}`;
  }

  const conflicts: Conflict[] = [];
  for (const courtCase of cases) {
    const origin = byId.get(courtCase.originCourtId)!;
    const near = origin.level === 'basic' ? siblingsOf(origin) : [];
    if (near.length > 0 && chance(caseMix.conflict.caseShare)) conflicts.push({ courtId: pick(near).id, caseId: courtCase.id, reason: 'a judge of the court is related to a party' });
    if (near.length > 0 && chance(caseMix.conflict.partyShare)) conflicts.push({ courtId: pick(near).id, partyId: courtCase.debtor!.id!, reason: 'the court leases its building from the debtor' });
  }

  // The network's capacities are relative; scale them so that the courts can take capacityRatio × the workload.
  const relative = courts.reduce((sum, court) => sum + court.capacity, 0);
  const scale = ((options.capacityRatio ?? 1.2) * demand) / Math.max(1, relative);
  for (const court of courts) court.capacity = Math.round(court.capacity * scale);
  return { decidingCourtId: options.decidingCourtId, courts, cases, conflicts, policy: { asOf }, options: { seed: options.seed } };
}

/** The deciding court's subtree and its ancestors up to the root, in network order: a tree with one root. */
export function jurisdictionOf(network: readonly Court[], decidingCourtId: string): Court[] {
  const parentOf = new Map(network.map((court) => [court.id, court.parentId]));
  const keep = new Set<string>();
  for (let at: string | null | undefined = decidingCourtId; at != null; at = parentOf.get(at)) keep.add(at);
  const within = (courtId: string): boolean => {
    for (let at: string | null | undefined = courtId; at != null; at = parentOf.get(at)) if (at === decidingCourtId) return true;
    return false;
  };
  return network.filter((court) => keep.has(court.id) || within(court.id));
}

function cumulative(weights: readonly number[]): number[] {
  let sum = 0;
  return weights.map((weight) => (sum += weight));
}

/** First index whose cumulative weight exceeds `value`. */
function lowerBound(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length - 1;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (sorted[middle]! > value) high = middle;
    else low = middle + 1;
  }
  return low;
}
