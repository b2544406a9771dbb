/** The benchmark's court instances by name: seeded, so every run measures the same requests. */
import type { PlanRequest } from '../schemas/index.js';
import { generateCampaign } from '../src/network/caseGenerator.js';
import { courtNetwork } from '../src/network/courtNetwork.js';
import { generateCourtInstance } from './courtInstances.js';

export const courtInstanceNames = ['small', 'medium', 'dense', 'province', 'national'] as const;
export type CourtInstanceName = (typeof courtInstanceNames)[number];

export function courtInstance(name: CourtInstanceName): PlanRequest {
  switch (name) {
    case 'small': // 300 cases in one province
      return generateCourtInstance({ seed: 'bench-small', provinces: 1, prefecturesPerProvince: 4, countiesPerPrefecture: 6, cases: 300, decidedBy: 'high', capacityRatio: 1.1 });
    case 'medium': // 2,000 cases in one province
      return generateCourtInstance({ seed: 'bench-medium', provinces: 1, prefecturesPerProvince: 8, countiesPerPrefecture: 8, cases: 2_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'dense': // 3,000 cases at 26 courts: many cases per court, capacity tight, penalties dominate (the price steps crawl there)
      return generateCourtInstance({ seed: 'bench-dense', provinces: 1, prefecturesPerProvince: 4, countiesPerPrefecture: 5, cases: 3_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'province': // 1 high, 15 intermediate, 150 basic courts; 10,000 cases
      return generateCourtInstance({ seed: 'bench-province', provinces: 1, prefecturesPerProvince: 15, countiesPerPrefecture: 10, cases: 10_000, decidedBy: 'high', capacityRatio: 1.1 });
    case 'national': // the real network (src/network: 31 high, 341 intermediate, 2,850 basic courts); 100,000 cases; the SPC decides
      return generateCampaign({ network: courtNetwork().courts, decidingCourtId: 'spc', cases: 100_000, seed: 'bench-national', capacityRatio: 1.1 });
  }
}
