import { noFloors, type AssignmentModel } from './assignmentModel.js';

/**
 * An OR-Library generalized assignment instance (text: m n, m×n costs, m×n resources, m
 * capacities) as the generic model: jobs are items that must be assigned (penalty Infinity),
 * agents are bins with hard capacities and no overload charge.
 */
export function parseGapInstance(text: string): AssignmentModel {
  const numbers = text.trim().split(/\s+/).map(Number);
  const agents = numbers[0]!;
  const jobs = numbers[1]!;
  if (!Number.isInteger(agents) || !Number.isInteger(jobs) || numbers.length < 2 + 2 * agents * jobs + agents) {
    throw new Error('not a GAP instance: expected m n, m×n costs, m×n resources and m capacities');
  }
  const costAt = (agent: number, job: number) => numbers[2 + agent * jobs + job]!;
  const weightAt = (agent: number, job: number) => numbers[2 + agents * jobs + agent * jobs + job]!;
  const capacityBase = 2 + 2 * agents * jobs;
  const arcCount = agents * jobs;
  const arcStart = new Int32Array(jobs + 1);
  const arcBin = new Int32Array(arcCount);
  const arcCost = new Float64Array(arcCount);
  const arcWeight = new Float64Array(arcCount);
  let arc = 0;
  for (let job = 0; job < jobs; job++) {
    arcStart[job] = arc;
    for (let agent = 0; agent < agents; agent++, arc++) {
      arcBin[arc] = agent;
      arcCost[arc] = costAt(agent, job);
      arcWeight[arc] = weightAt(agent, job);
    }
  }
  arcStart[jobs] = arc;
  const binCapacity = Float64Array.from({ length: agents }, (_, agent) => numbers[capacityBase + agent]!);
  return {
    itemCount: jobs,
    binCount: agents,
    arcStart,
    arcBin,
    arcCost,
    arcWeight,
    itemPenalty: new Float64Array(jobs).fill(Infinity),
    itemPinnedArc: new Int32Array(jobs).fill(-1),
    ...noFloors(jobs, agents),
    binCapacity,
    binSoftCapacity: Float64Array.from(binCapacity),
    overloadPerUnit: 0,
    constantCost: 0,
    originStart: new Int32Array(jobs + 1),
    originBin: new Int32Array(0),
    originCount: new Int32Array(0),
    pairLimit: null,
    forbidReciprocal: false,
  };
}
