import type { Court, CourtLevel } from '../schemas/index.js';

const levelRank: Record<CourtLevel, number> = { supreme: 0, high: 1, intermediate: 2, basic: 3 };

/**
 * The court tree with dense indices: `parent[c]` is the parent's index or -1 for the root.
 * Built only from a request that passed the consistency check (one root, no cycle, known parents).
 */
export class CourtTree {
  readonly count: number;
  readonly indexById: Map<string, number>;
  readonly parent: Int32Array;
  readonly levelRank: Uint8Array;
  /** Index of the root court. */
  readonly root: number;

  constructor(readonly courts: readonly Court[]) {
    this.count = courts.length;
    this.indexById = new Map(courts.map((court, index) => [court.id, index]));
    this.parent = new Int32Array(this.count).fill(-1);
    this.levelRank = new Uint8Array(this.count);
    let root = -1;
    courts.forEach((court, index) => {
      this.levelRank[index] = levelRank[court.level];
      if (court.parentId === null) root = index;
      else this.parent[index] = this.indexById.get(court.parentId) ?? -1;
    });
    this.root = root;
  }

  /** True when `ancestor` is on the parent path above `court` (not the court itself). */
  isProperAncestor(ancestor: number, court: number): boolean {
    for (let at = this.parent[court] ?? -1; at !== -1; at = this.parent[at] ?? -1) {
      if (at === ancestor) return true;
    }
    return false;
  }

  /** Inside the jurisdiction of `deciding`: the deciding court itself or one of its descendants. */
  isWithin(court: number, deciding: number): boolean {
    return court === deciding || this.isProperAncestor(deciding, court);
  }

  /** Courts inside the deciding court's jurisdiction, in input order. */
  jurisdiction(deciding: number): number[] {
    const inside: number[] = [];
    for (let court = 0; court < this.count; court++) if (this.isWithin(court, deciding)) inside.push(court);
    return inside;
  }
}
