/**
 * Size limits enforced at the edge, by the schemas. They bound the work one request can cause;
 * the solver has its own cap on model size (cases × candidate courts) on top of these.
 */
export const limits = {
  /** Longest id (court, case, party, bundle). */
  idLength: 100,
  /** Longest free text (names, reasons). */
  textLength: 500,
  courts: 10_000,
  cases: 200_000,
  conflicts: 200_000,
  previousCourts: 100,
  referenceAssignments: 200_000,
  /** Largest capacity or workload, far above any court's yearly intake, small enough that sums stay exact. */
  quantity: 1e9,
  /** Request bodies larger than this are refused with 413 before parsing. */
  bodyBytes: 64 * 1024 * 1024,
} as const;
