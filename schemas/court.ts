import { z } from 'zod';
import { CapacitySchema, CourtLevelSchema, IdSchema, LatLngSchema, TextSchema } from './common.js';

export const CourtSchema = z
  .object({
    id: IdSchema,
    name: TextSchema,
    level: CourtLevelSchema,
    parentId: IdSchema.nullable().describe('The court above; null only for the root of the tree'),
    regionCode: z
      .string()
      .regex(/^(|\d{2}|\d{4}|\d{6})$/, 'a GB/T 2260 code of 2, 4 or 6 digits, or "" for the SPC')
      .describe('GB/T 2260: 2 digits (high), 4 (intermediate), 6 (basic); "" for the SPC'),
    location: LatLngSchema,
    capacity: CapacitySchema.describe('Workload units this court can take in this plan'),
    specialised: z.boolean().optional().describe('Maritime, railway, financial or IP court; not a target unless policy.allowSpecialised'),
  })
  .strict()
  .meta({ id: 'Court' });
export type Court = z.infer<typeof CourtSchema>;
