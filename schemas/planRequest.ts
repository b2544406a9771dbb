import { z } from 'zod';
import { limits } from './limits.js';
import { IdSchema, ModeSchema } from './common.js';
import { CourtSchema } from './court.js';
import { CaseSchema, ConflictSchema } from './case.js';
import { PolicySchema } from './policy.js';

export const SolveOptionsSchema = z
  .object({
    timeLimitMs: z.number().int().min(1).max(3_600_000).optional().describe('Default 10000'),
    gapTolerance: z.number().min(0).max(1).optional().describe('Stop when the relative gap is at most this; default 1e-6'),
    seed: z.string().max(limits.idLength).optional().describe('Tie-break seed; default "0"'),
  })
  .strict()
  .meta({ id: 'SolveOptions' });
export type SolveOptions = z.infer<typeof SolveOptionsSchema>;

export const solveOptionDefaults = { timeLimitMs: 10_000, gapTolerance: 1e-6, seed: '0' } as const;

export const ReferenceAssignmentSchema = z.object({ caseId: IdSchema, courtId: IdSchema, mode: ModeSchema }).strict();

export const PlanRequestSchema = z
  .object({
    decidingCourtId: IdSchema.optional().describe("Default: the caller's court"),
    courts: z.array(CourtSchema).min(1).max(limits.courts),
    cases: z.array(CaseSchema).max(limits.cases),
    conflicts: z.array(ConflictSchema).max(limits.conflicts).optional(),
    policy: PolicySchema.optional(),
    options: SolveOptionsSchema.optional(),
    reference: z
      .object({ assignments: z.array(ReferenceAssignmentSchema).max(limits.referenceAssignments) })
      .strict()
      .optional()
      .describe('A previous plan, for low-disruption re-planning'),
  })
  .strict()
  .meta({ id: 'PlanRequest' });
export type PlanRequest = z.infer<typeof PlanRequestSchema>;
