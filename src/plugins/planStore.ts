import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Plan, PlanRequest, ResolvedPolicy } from '../../schemas/index.js';

/** A plan with what it was made from, so that it can be explained and reproduced. */
export interface StoredPlan {
  plan: Plan;
  request: PlanRequest;
  policy: ResolvedPolicy;
}

export interface PlanStore {
  save(stored: StoredPlan): void;
  get(id: string): StoredPlan | undefined;
}

declare module 'fastify' {
  interface FastifyInstance {
    planStore: PlanStore;
  }
}

/**
 * Plans in memory, newest kept, bounded so a long-running process cannot grow without limit.
 * Replaced by SQLite in the storage issue.
 */
export function memoryPlanStore(maxPlans = 1_000): PlanStore {
  const plans = new Map<string, StoredPlan>();
  return {
    save(stored) {
      plans.set(stored.plan.id, stored);
      if (plans.size > maxPlans) plans.delete(plans.keys().next().value!);
    },
    get: (id) => plans.get(id),
  };
}

async function planStore(app: FastifyInstance): Promise<void> {
  app.decorate('planStore', memoryPlanStore());
}

export default fp(planStore, { name: 'plan-store', fastify: '5.x' });
