import { resolvePolicy } from '../../schemas/index.js';
import type { PlanningInput } from '../../solver/index.js';
import { generateCampaign } from '../network/caseGenerator.js';
import { courtNetwork } from '../network/courtNetwork.js';

/** Times each solver thread plans each warm-up request at start (see the solver pool's onReady hook). */
export const warmUpRounds = 2;

/**
 * Realistic plans for warming a thread, generated in one province of the real network: 1,500 cases
 * for the core, enough that its hot loops are compiled by the JIT before the first real request needs
 * them (a cold thread answered a 2,000-case request about 40 % slower than a warm one), and 150 cases
 * (2,600 candidate pairs) for the exact path's branch and bound, which the core's plan never runs (a
 * cold thread took 1.4 s on small-201, a warm one 0.5–0.7 s).
 */
export function warmUpPlans(): Omit<PlanningInput, 'clock'>[] {
  return [1_500, 150].map((cases) => {
    const request = generateCampaign({ network: courtNetwork().courts, decidingCourtId: 'h13', cases, seed: 'warm-up' });
    return { request, policy: resolvePolicy(request.policy, { today: '2025-06-30', decidingLevel: 'high' }), decidingCourtId: 'h13', seed: 'warm-up', timeLimitMs: 1_500, gapTolerance: 1e-6 };
  });
}
