import type { Case } from '../schemas/index.js';

const dayMs = 86_400_000;

/** Whole days from one UTC calendar date to another (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);
}

/** Net age = (asOf − receivedAt) in whole days − excludedDays, at least 0. */
export function netAgeDays(courtCase: Pick<Case, 'receivedAt' | 'excludedDays'>, asOf: string): number {
  return Math.max(0, daysBetween(courtCase.receivedAt, asOf) - (courtCase.excludedDays ?? 0));
}
