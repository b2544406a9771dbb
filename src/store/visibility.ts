/**
 * SQL condition: the row's court path (JSON array of court ids, root → deciding court) contains
 * the caller's court, or the caller is the SPC (`@courtId` bound to null). This is the one place
 * where jurisdiction becomes SQL; every read of plans, jobs and the audit log goes through it.
 */
export function visibleTo(column: string): string {
  return `(@courtId IS NULL OR EXISTS (SELECT 1 FROM json_each(${column}) WHERE value = @courtId))`;
}
