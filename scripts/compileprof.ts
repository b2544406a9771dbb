import { resolvePolicy } from '../schemas/index.js';
import { generateCourtInstance } from '../benchmarks/courtInstances.js';
import { buildCourtContext } from '../solver/courtContext.js';
import { compileInstance } from '../solver/instance.js';
const r = generateCourtInstance({ seed: 'nat', provinces: 31, prefecturesPerProvince: 13, countiesPerPrefecture: 8, cases: 30000, decidedBy: 'spc', capacityRatio: 1.1 });
const policy = resolvePolicy(r.policy, { today: '2025-06-30', decidingLevel: 'supreme' });
const t = performance.now();
const inst = compileInstance(buildCourtContext(r, policy, r.decidingCourtId!), '0');
console.log('compile', (performance.now() - t).toFixed(0), inst.arcCourt.length);
