/** The benchmark's court instances by name: seeded, so every run measures the same requests. */
import type { PlanRequest } from '../schemas/index.js';
import { generateCourtInstance } from './courtInstances.js';

export const courtInstanceNames = ['small', 'medium', 'province', 'national'] as const;
export type CourtInstanceName = (typeof courtInstanceNames)[number];

export function courtInstance(name: CourtInstanceName): PlanRequest {
  switch (name) {
    case 'small': // 300 cases in one province
      return generateCourtInstance({ seed: 'bench-small', provinces: 1, prefecturesPerProvince: 4, countiesPerPrefecture: 6, cases: 300, decidedBy: 'high', capacityRatio: 1.1 });
    case 'medium': // 2,000 cases in one province
      return generateCourtInstance({ seed: 'bench-medium', provinces: 1, prefecturesPerProvince: 8, countiesPerPrefecture: 8, cases: 2_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'province': // 1 high, 15 intermediate, 150 basic courts; 10,000 cases
      return generateCourtInstance({ seed: 'bench-province', provinces: 1, prefecturesPerProvince: 15, countiesPerPrefecture: 10, cases: 10_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'national': // 31 high, 403 intermediate, 3,224 basic courts; 100,000 cases; the SPC decides
      return generateCourtInstance({ seed: 'bench-national', provinces: 31, prefecturesPerProvince: 13, countiesPerPrefecture: 8, cases: 100_000, decidedBy: 'spc', capacityRatio: 1.1 });
  }
}
