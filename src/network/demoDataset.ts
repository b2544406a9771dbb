import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Caller } from '../caller.js';
import { courtPathOf } from '../planning/jurisdiction.js';
import type { Storage } from '../plugins/storage.js';
import { generateCampaign } from './caseGenerator.js';
import { courtNetwork } from './courtNetwork.js';

/** The embedded demo: Hebei's courts (河北省高级人民法院 decides) and a province-sized campaign. */
export const demoDataset = { id: 'demo-hebei', name: '河北省 demo campaign (generated)', decidingCourtId: 'h13', cases: 10_000, seed: 'demo-hebei' } as const;

export interface DemoDataset {
  id: string;
  courts: number;
  cases: number;
  /** A ready plan request for the demo, for `curl --data @…`. */
  requestFile: string;
}

/**
 * Puts the demo dataset in the database and its plan request beside it, once: a restart keeps
 * both (the generator is seeded, so a fresh data directory gets the same campaign).
 */
export function ensureDemoDataset(storage: Storage, dataDir: string, owner: Caller): DemoDataset {
  const campaign = generateCampaign({ network: courtNetwork().courts, decidingCourtId: demoDataset.decidingCourtId, cases: demoDataset.cases, seed: demoDataset.seed });
  // A demo answers in about five seconds of solving; 1e-5 is a gap no analyst would notice.
  const request = { ...campaign, options: { ...campaign.options, timeLimitMs: 5_000, gapTolerance: 1e-5 } };
  const requestFile = join(dataDir, 'demo-plan-request.json');
  if (!existsSync(requestFile)) writeFileSync(requestFile, JSON.stringify(request));
  if (!storage.datasets.exists(demoDataset.id)) {
    storage.transaction(() => {
      const courtPath = courtPathOf(request.courts, demoDataset.decidingCourtId);
      storage.datasets.save({ id: demoDataset.id, name: demoDataset.name, decidingCourtId: demoDataset.decidingCourtId, courtPath, createdBy: owner, body: { courts: request.courts, cases: request.cases, conflicts: request.conflicts ?? [] } });
      storage.audit.append({ action: 'dataset.created', subjectType: 'dataset', subjectId: demoDataset.id, courtPath, actor: owner, detail: { demo: true, seed: demoDataset.seed, cases: request.cases.length } });
    });
  }
  return { id: demoDataset.id, courts: request.courts.length, cases: request.cases.length, requestFile };
}
