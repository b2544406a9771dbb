import { z } from 'zod';
import { limits } from './limits.js';
import {
  CalendarDateSchema,
  IdSchema,
  LatLngSchema,
  ModeSchema,
  RegionPrefixSchema,
  WorkloadSchema,
} from './common.js';

export const caseCategories = ['ordinary', 'hard_backlog'] as const;
export const CaseCategorySchema = z.enum(caseCategories);
export type CaseCategory = z.infer<typeof CaseCategorySchema>;

export const DebtorSchema = z
  .object({
    id: IdSchema.optional().describe('Matches Conflict.partyId'),
    domicileRegion: RegionPrefixSchema.optional(),
    controllingGovRegion: RegionPrefixSchema.optional().describe('Region of the government that controls the debtor'),
    kind: z.enum(['individual', 'company', 'government', 'state_owned', 'major_taxpayer']).optional().describe('government, state_owned and major_taxpayer are special-subject debtors (a harder-backlog signal)'),
  })
  .strict();

export const PinSchema = z.object({ courtId: IdSchema, mode: ModeSchema }).strict();

export const CaseSchema = z
  .object({
    id: IdSchema,
    originCourtId: IdSchema,
    workload: WorkloadSchema.optional().describe('Workload units; default 1'),
    amountOutstanding: z.number().min(0).max(1e15).optional(),
    receivedAt: CalendarDateSchema.describe('Date the execution application was received'),
    excludedDays: z.number().int().min(0).max(100_000).optional().describe('Days that do not count toward net age'),
    category: CaseCategorySchema.optional().describe('Default ordinary'),
    livelihood: z.boolean().optional(),
    specialGroup: z.boolean().optional(),
    executionImpossible: z.boolean().optional(),
    escalationRequested: z.boolean().optional().describe('The origin court asked to be relieved'),
    debtor: DebtorSchema.optional(),
    anchor: LatLngSchema.optional().describe('Main property; else the origin court location'),
    previousCourtIds: z.array(IdSchema).max(limits.previousCourts).optional(),
    bundleId: IdSchema.optional(),
    allowedModes: z.array(ModeSchema).min(1).max(3).optional(),
    pinned: PinSchema.optional(),
    propertySeizedAt: CalendarDateSchema.optional().describe('Seized property not yet disposed of since this date (a harder-backlog signal after six months)'),
    petitions: z.number().int().min(0).max(10_000).optional().describe('Petitions (信访) about the case'),
    interferenceDocumented: z.boolean().optional().describe('Interference by power, relationships or favours is documented'),
  })
  .strict()
  .meta({ id: 'Case' });
export type Case = z.infer<typeof CaseSchema>;

export const ConflictSchema = z
  .object({
    courtId: IdSchema,
    caseId: IdSchema.optional(),
    partyId: IdSchema.optional(),
    reason: z.string().min(1).max(limits.textLength),
  })
  .strict()
  .refine((conflict) => (conflict.caseId === undefined) !== (conflict.partyId === undefined), {
    message: 'exactly one of caseId and partyId',
    path: ['caseId'],
  })
  .meta({ id: 'Conflict' });
export type Conflict = z.infer<typeof ConflictSchema>;
