import { z } from 'zod';
import { limits } from './limits.js';

export const modes = ['designated', 'escalated', 'cross_region'] as const;
export const ModeSchema = z.enum(modes).meta({ id: 'Mode', description: '指定执行 designated · 提级执行 escalated · 跨域异地执行 cross_region' });
export type Mode = z.infer<typeof ModeSchema>;

export const courtLevels = ['supreme', 'high', 'intermediate', 'basic'] as const;
export const CourtLevelSchema = z.enum(courtLevels);
export type CourtLevel = z.infer<typeof CourtLevelSchema>;

export const IdSchema = z.string().min(1).max(limits.idLength);
export const TextSchema = z.string().max(limits.textLength);

/** GB/T 2260 code or prefix: 2 digits (province), 4 (prefecture) or 6 (county). */
export const RegionPrefixSchema = z.string().regex(/^(\d{2}|\d{4}|\d{6})$/, 'a GB/T 2260 code of 2, 4 or 6 digits');

export const LatLngSchema = z
  .object({
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .strict()
  .meta({ id: 'LatLng' });
export type LatLng = z.infer<typeof LatLngSchema>;

/** True when `text` is a real UTC calendar date written YYYY-MM-DD (rejects 2024-02-30). */
export function isCalendarDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const parsed = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && parsed.toISOString().slice(0, 10) === text;
}

export const CalendarDateSchema = z
  .string()
  .refine(isCalendarDate, 'a calendar date written YYYY-MM-DD')
  .meta({ description: 'UTC calendar date, YYYY-MM-DD' });

/** A non-negative quantity of workload units; JSON cannot carry NaN and 1e400 parses as Infinity, both refused. */
export const CapacitySchema = z.number().min(0).max(limits.quantity);
export const WorkloadSchema = z.number().positive().max(limits.quantity);
