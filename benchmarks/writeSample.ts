/** Writes samples/plan-request.json: the request the README's curl example posts. */
import { writeFileSync } from 'node:fs';
import { generateCourtInstance } from './courtInstances.js';

const request = generateCourtInstance({ seed: 'readme-sample', provinces: 1, prefecturesPerProvince: 3, countiesPerPrefecture: 3, cases: 60, decidedBy: 'high', capacityRatio: 1.1 });
writeFileSync(new URL('../samples/plan-request.json', import.meta.url), JSON.stringify(request, null, 2) + '\n');
console.log(`samples/plan-request.json: ${request.courts.length} courts, ${request.cases.length} cases`);
