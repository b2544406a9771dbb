import { z } from 'zod';
import { IdSchema, ModeSchema, TextSchema } from './common.js';

export const lifecycleStates = ['proposed', 'approved', 'ruled', 'superseded'] as const;

export const ActorSchema = z.object({ user: z.string(), keyId: z.string(), courtId: z.string().nullable().describe('null: the Supreme People’s Court') }).meta({ id: 'Actor' });
export type Actor = z.infer<typeof ActorSchema>;

export const OverrideSchema = z
  .object({ caseId: IdSchema, courtId: IdSchema, mode: ModeSchema, reason: TextSchema.min(1) })
  .strict()
  .meta({ id: 'Override', description: 'Put one case at one court, with why; re-checked against every hard rule' });
export type Override = z.infer<typeof OverrideSchema>;

export const OverridesRequestSchema = z
  .object({ overrides: z.array(OverrideSchema).min(1).max(1_000) })
  .strict()
  .meta({ id: 'OverridesRequest' });

export const ApprovalRequestSchema = z
  .object({ note: TextSchema.min(1).describe('What the approver checked, or the ruling’s reference') })
  .strict()
  .meta({ id: 'ApprovalRequest' });

export const LifecycleSchema = z
  .object({
    state: z.enum(lifecycleStates).describe('proposed → approved (approver) → ruled; a later version supersedes an earlier one'),
    version: z.number().int().min(1),
    lineageId: z.string().describe('Id of version 1: every version made by overrides shares it'),
    previousVersionId: z.string().nullable(),
    approvals: z.array(z.object({ step: z.enum(['approved', 'ruled']), by: ActorSchema, note: z.string(), at: z.string() })),
    overrides: z.array(OverrideSchema.extend({ by: ActorSchema, at: z.string() })).describe('The overrides that made this version from the previous one'),
  })
  .meta({ id: 'PlanLifecycle' });
export type Lifecycle = z.infer<typeof LifecycleSchema>;
export type LifecycleState = Lifecycle['state'];
