import { around } from 'geokdbush';
import KDBush from 'kdbush';
import type { Case } from '../schemas/index.js';
import type { CourtContext } from './courtContext.js';
import { allowedModes, isVulnerable } from './eligibility.js';
import { greatCircleKm } from './greatCircle.js';

/**
 * Up to this many (case, court) pairs, every court in jurisdiction is judged for every case: exact
 * candidate sets, as the exact path needs. Above it (national plans) candidates are generated.
 */
export const exhaustivePairs = 5_000_000;
/** Candidates kept per case and mode (designated, cross-region) in larger jurisdictions, nearest first. */
export const nearestCandidates = 20;

/** When candidate sets are generated rather than exhaustive, and how many of each kind are kept. */
export interface CandidateLimits {
  exhaustivePairs: number;
  nearest: number;
}

export interface CaseCandidates {
  courts: readonly number[];
  sameUnitBeyondKm: number;
  otherUnitBeyondKm: number;
}

/**
 * Which courts to judge for a case. Small jurisdictions: all of them. Large ones (a national plan):
 * the origin's ancestors (escalation), and of its own level only the nearest eligible courts inside
 * its region unit (designation; a whole province when the SPC decides) and outside it (cross-region),
 * with a floor on the cost of any court left out so that bounds stay true.
 */
export class CandidateCourts {
  private readonly jurisdiction: number[];
  /** Courts of each level in jurisdiction. */
  private readonly byLevel = new Map<number, number[]>();
  /**
   * Spatial indexes (kdbush), made when first asked: per level, region unit and side, of the courts
   * of that level inside the unit or outside it, with the index's ids → court indices. A search for
   * cross-region courts then never walks the origin's own province.
   */
  private readonly sideIndexes = new Map<string, { index: KDBush; courts: Int32Array } | null>();
  private readonly referenceCourtOf = new Map<string, string>();
  /** Nearest-first court ids per search from an origin court (see aroundOrigin). */
  private readonly originSearches = new Map<string, number[]>();
  /** Region unit per court as a small integer: compared for every court a search passes. */
  private readonly unitOf: Int32Array;

  /**
   * @param counts which courts count toward `limits.nearest` (default all): a widening search for a
   *   case left out counts only courts with room, and keeps every nearer court too, so that the
   *   floor on what it left out stays the distance of the nearest court not kept.
   */
  constructor(
    private readonly context: CourtContext,
    private readonly limits: CandidateLimits = { exhaustivePairs, nearest: nearestCandidates },
    private readonly counts: (court: number) => boolean = () => true,
  ) {
    this.jurisdiction = context.tree.jurisdiction(context.deciding);
    const unitIds = new Map<string, number>();
    this.unitOf = Int32Array.from(context.regionUnit, (code) => {
      let id = unitIds.get(code);
      if (id === undefined) unitIds.set(code, (id = unitIds.size));
      return id;
    });
    if (this.isExhaustive) return;
    for (const entry of context.request.reference?.assignments ?? []) this.referenceCourtOf.set(entry.caseId, entry.courtId);
    for (const court of this.jurisdiction) {
      const level = context.tree.levelRank[court]!;
      const atLevel = this.byLevel.get(level);
      if (atLevel) atLevel.push(court);
      else this.byLevel.set(level, [court]);
    }
  }

  private sideIndex(level: number, unit: number, wantSame: boolean): { index: KDBush; courts: Int32Array } | null {
    const key = `${level}/${unit}/${wantSame ? 'same' : 'other'}`;
    let entry = this.sideIndexes.get(key);
    if (entry !== undefined) return entry;
    const courts = (this.byLevel.get(level) ?? []).filter((court) => (this.unitOf[court] === unit) === wantSame);
    entry = null;
    if (courts.length > 0) {
      const index = new KDBush(courts.length, 16);
      for (const court of courts) index.add(this.context.request.courts[court]!.location.lng, this.context.request.courts[court]!.location.lat);
      index.finish();
      entry = { index, courts: Int32Array.from(courts) };
    }
    this.sideIndexes.set(key, entry);
    return entry;
  }

  /**
   * `around` from a case's origin court, for cases without an anchor of their own: every such case of
   * that origin with the same regions shut asks the same question (national: a third of the cases).
   */
  private aroundOrigin(side: { index: KDBush }, sideKey: string, caseIndex: number, batch: number, open: ((id: number) => boolean) | undefined): number[] {
    const origin = this.context.originOf[caseIndex]!;
    const key = `${sideKey}/${origin}/${batch}`;
    let ids = this.originSearches.get(key);
    if (!ids) {
      const { lng, lat } = this.context.request.courts[origin]!.location;
      this.originSearches.set(key, (ids = around(side.index, lng, lat, batch, Infinity, open)));
    }
    return ids;
  }

  get isExhaustive(): boolean {
    return this.jurisdiction.length * this.context.request.cases.length <= this.limits.exhaustivePairs;
  }

  /**
   * Courts to judge for the case, and the least distance (km from its anchor) of any eligible court
   * of its level left out, inside its region unit and outside it: Infinity when none can have been.
   */
  forCase(caseIndex: number, isEligible: (court: number) => boolean): CaseCandidates {
    if (this.isExhaustive) return { courts: this.jurisdiction, sameUnitBeyondKm: Infinity, otherUnitBeyondKm: Infinity };
    const { context } = this;
    const courtCase = context.request.cases[caseIndex] as Case;
    const origin = context.originOf[caseIndex]!;
    const courts = new Set<number>();
    for (let at = context.tree.parent[origin]!; at !== -1; at = context.tree.parent[at]!) {
      if (context.inJurisdiction[at]) courts.add(at);
    }
    const level = context.tree.levelRank[origin]!;
    const modes = allowedModes(courtCase, context);
    for (const extra of [courtCase.pinned?.courtId, this.referenceCourtOf.get(courtCase.id)]) {
      const index = extra === undefined ? undefined : context.tree.indexById.get(extra);
      if (index !== undefined) courts.add(index);
    }
    // Designation stays inside the origin's unit, cross-region goes outside it: the nearest of each.
    const sameUnitBeyondKm = modes.includes('designated') ? this.nearest(caseIndex, level, 'same', courts, isEligible) : Infinity;
    const otherUnitBeyondKm = modes.includes('cross_region') ? this.nearest(caseIndex, level, 'other', courts, isEligible) : Infinity;
    return { courts: [...courts], sameUnitBeyondKm, otherUnitBeyondKm };
  }

  /**
   * Adds the nearest eligible same-level courts inside or outside the origin's unit; returns the
   * distance of the nearest eligible one left out (a floor on all of them), Infinity when none is.
   * Courts come from the spatial index nearest first, in batches; eligibility is asked in that
   * order, so about as many courts are judged as are kept.
   */
  private nearest(caseIndex: number, level: number, unit: 'same' | 'other', courts: Set<number>, isEligible: (court: number) => boolean): number {
    const { context } = this;
    const courtCase = context.request.cases[caseIndex] as Case;
    const anchor = courtCase.anchor ?? context.request.courts[context.originOf[caseIndex]!]!.location;
    const originUnit = this.unitOf[context.originOf[caseIndex]!]!;
    const wantSame = unit === 'same';
    // Rules that shut a whole side, or a region, for this case are applied before any court is judged:
    // else a search would walk every court of the country to prove none is eligible.
    if (!wantSame && isVulnerable(courtCase) && !context.policy.livelihoodCrossRegion && courtCase.interferenceDocumented !== true) return Infinity;
    const shut = [courtCase.debtor?.domicileRegion, courtCase.debtor?.controllingGovRegion].filter((prefix): prefix is string => prefix !== undefined);
    if (wantSame && shut.some((prefix) => context.regionUnit[context.originOf[caseIndex]!]!.startsWith(prefix))) return Infinity;
    const side = this.sideIndex(level, originUnit, wantSame);
    if (!side) return Infinity;
    const open = shut.length === 0 ? undefined : (id: number) => !shut.some((prefix) => context.request.courts[side.courts[id]!]!.regionCode.startsWith(prefix));
    let counted = 0;
    const walked = new Set<number>();
    for (let batch = 2 * this.limits.nearest + 8; ; batch *= 4) {
      // The index orders by the same haversine distance as greatCircleKm. A larger batch repeats the
      // smaller one's courts, perhaps with ties in another order: each court is taken once.
      const ids = courtCase.anchor ? around(side.index, anchor.lng, anchor.lat, batch, Infinity, open) : this.aroundOrigin(side, `${level}/${originUnit}/${unit}/${shut.join(',')}`, caseIndex, batch, open);
      for (const id of ids) {
        if (walked.has(id)) continue;
        walked.add(id);
        const court = side.courts[id]!;
        if (!isEligible(court)) continue;
        // Enough kept: this is the nearest eligible court left out, and every other one is farther.
        if (counted >= this.limits.nearest) return greatCircleKm(anchor, context.request.courts[court]!.location) * (1 - 1e-12);
        courts.add(court);
        if (this.counts(court)) counted++;
      }
      if (ids.length < batch) return Infinity;
    }
  }
}

