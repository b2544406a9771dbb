import type { Case } from '../schemas/index.js';
import type { CourtContext } from './courtContext.js';
import { allowedModes } from './eligibility.js';
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

/** Grid cell size in degrees for the nearest-court search. */
const cellDegrees = 1;
/**
 * A ring r cells out from a point is at least this far away: one degree of latitude is 111 km and
 * one of longitude at least 111·cos 55° ≈ 63 km anywhere in China (north of 55° there is no county).
 */
const ringKm = 63;

/**
 * Which courts to judge for a case. Small jurisdictions: all of them. Large ones (a national plan):
 * the origin's ancestors (escalation), and of its own level only the nearest eligible courts inside
 * its region unit (designation; a whole province when the SPC decides) and outside it (cross-region),
 * with a floor on the cost of any court left out so that bounds stay true.
 */
export class CandidateCourts {
  private readonly jurisdiction: number[];
  /** Per level: grid cell key → courts. */
  private readonly grid = new Map<number, Map<number, number[]>>();
  /** The grid cells' bounding box: rings beyond it from an anchor hold no court. */
  private box = { minRow: 0, maxRow: 0, minColumn: 0, maxColumn: 0 };
  private readonly referenceCourtOf = new Map<string, string>();

  constructor(
    private readonly context: CourtContext,
    private readonly limits: CandidateLimits = { exhaustivePairs, nearest: nearestCandidates },
  ) {
    this.jurisdiction = context.tree.jurisdiction(context.deciding);
    if (this.isExhaustive) return;
    for (const entry of context.request.reference?.assignments ?? []) this.referenceCourtOf.set(entry.caseId, entry.courtId);
    const rows = this.jurisdiction.map((court) => Math.floor(context.request.courts[court]!.location.lat / cellDegrees));
    const columns = this.jurisdiction.map((court) => Math.floor(context.request.courts[court]!.location.lng / cellDegrees));
    this.box = { minRow: Math.min(...rows), maxRow: Math.max(...rows), minColumn: Math.min(...columns), maxColumn: Math.max(...columns) };
    for (const court of this.jurisdiction) {
      const level = context.tree.levelRank[court]!;
      const location = context.request.courts[court]!.location;
      let cells = this.grid.get(level);
      if (!cells) this.grid.set(level, (cells = new Map()));
      const cell = cellKey(Math.floor(location.lat / cellDegrees), Math.floor(location.lng / cellDegrees));
      const inCell = cells.get(cell);
      if (inCell) inCell.push(court);
      else cells.set(cell, [court]);
    }
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

  /** Adds the nearest eligible same-level courts inside or outside the origin's unit; returns the floor on the rest. */
  private nearest(caseIndex: number, level: number, unit: 'same' | 'other', courts: Set<number>, isEligible: (court: number) => boolean): number {
    const { context } = this;
    const cells = this.grid.get(level);
    if (!cells) return Infinity;
    const courtCase = context.request.cases[caseIndex] as Case;
    const anchor = courtCase.anchor ?? context.request.courts[context.originOf[caseIndex]!]!.location;
    const originUnit = context.regionUnit[context.originOf[caseIndex]!];
    const row = Math.floor(anchor.lat / cellDegrees);
    const column = Math.floor(anchor.lng / cellDegrees);
    const found: { court: number; km: number }[] = [];
    const { minRow, maxRow, minColumn, maxColumn } = this.box;
    const reach = Math.max(Math.abs(row - minRow), Math.abs(row - maxRow), Math.abs(column - minColumn), Math.abs(column - maxColumn));
    for (let ring = 0; ring <= reach; ring++) {
      // Everything in this ring and beyond is at least this far: stop once enough closer courts are known.
      const ringFloor = Math.max(0, ring - 1) * ringKm * cellDegrees;
      if (found.length >= this.limits.nearest) {
        found.sort((a, b) => a.km - b.km);
        if (found[this.limits.nearest - 1]!.km <= ringFloor) {
          for (const { court } of found.slice(0, this.limits.nearest)) courts.add(court);
          return Math.min(ringFloor, found[this.limits.nearest]?.km ?? Infinity);
        }
      }
      // The ring's perimeter only: rows at ±ring in full, the columns at ±ring between them.
      for (let dRow = -ring; dRow <= ring; dRow++) {
        const step = dRow === -ring || dRow === ring ? 1 : Math.max(1, 2 * ring);
        for (let dColumn = -ring; dColumn <= ring; dColumn += step) {
          const inCell = cells.get(cellKey(row + dRow, column + dColumn));
          if (!inCell) continue;
          for (const court of inCell) {
            if ((context.regionUnit[court] === originUnit) !== (unit === 'same') || !isEligible(court)) continue;
            found.push({ court, km: greatCircleKm(anchor, context.request.courts[court]!.location) });
          }
        }
      }
    }
    for (const { court } of found) courts.add(court);
    return Infinity;
  }
}

/** Rows span −90..90 and columns −180..180 degrees: one integer per cell. */
function cellKey(row: number, column: number): number {
  return (row + 512) * 1024 + (column + 512);
}
