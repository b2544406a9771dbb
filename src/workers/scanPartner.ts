/**
 * A second thread for the core's price steps, market clearing, knapsack bound and transfer cycles (see
 * ScanPartner in solver/core/lagrangianBound.ts): at national scale a step is a scan of 85,000 cases'
 * options, and the core scans the first half while this thread scans the second, both at once (and
 * likewise chooses for the second half in each market-clearing round); the knapsack pass runs
 * here while the core builds its first plans, and the transfer cycles of every workload but the most
 * common while the core searches that one (solver/core/sharedTransferCycles.ts). The thread is started
 * once per solver thread and kept; a model is shared with it once per search, through shared memory,
 * not copied per step.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { AssignmentModel } from '../../solver/core/assignmentModel.js';
import { sortArcsByCost, type CycleShare, type MarketChoices, type ScanPartner } from '../../solver/core/lagrangianBound.js';
import { claimStep, control, epochNow, maxCycleWeights, runTask, task, type ScanRequest } from './scanProtocol.js';

/** Below this many arcs a step takes a few milliseconds: the hand-over would cost more than it saves. */
export const minPartnerArcs = 500_000;

/**
 * The partner for a model, or null where it would not pay: a model below `minArcs` arcs, or a machine
 * with one core. Each call shares the model afresh (the core asks once per search).
 */
export function scanPartnerFor(model: AssignmentModel, { minArcs = minPartnerArcs } = {}): ScanPartner | null {
  if (model.arcBin.length < minArcs || availableParallelism() < 2) return null;
  return new ThreadScanPartner(model);
}

class ThreadScanPartner implements ScanPartner {
  readonly firstItem: number;
  /** The buffers shared with the thread, with this thread's own model (the thread has a shared copy). */
  private readonly shared: ScanRequest;
  private generation = 0;

  constructor(model: AssignmentModel) {
    this.firstItem = splitByArcs(model);
    this.shared = {
      model,
      // The arcs in cost order, sorted once here and shared: both sides choose alike among equal options.
      view: sortArcsByCost(model),
      firstItem: this.firstItem,
      signal: new Int32Array(new SharedArrayBuffer(4 * control.length)),
      price: new Float64Array(new SharedArrayBuffer(8 * model.binCount)),
      load: new Float64Array(new SharedArrayBuffer(8 * model.binCount)),
      choice: new Int32Array(new SharedArrayBuffer(4 * (model.itemCount - this.firstItem))),
      sum: new Float64Array(new SharedArrayBuffer(8)),
      cycles: {
        plan: new Int32Array(new SharedArrayBuffer(4 * model.itemCount)),
        binCapacity: new Float64Array(new SharedArrayBuffer(8 * model.binCount)),
        binSoftCapacity: new Float64Array(new SharedArrayBuffer(8 * model.binCount)),
        weights: new Float64Array(new SharedArrayBuffer(8 * maxCycleWeights)),
        deadline: new Float64Array(new SharedArrayBuffer(8)),
      },
      market: {
        bin: new Int32Array(new SharedArrayBuffer(4 * (model.itemCount - this.firstItem))),
        weight: new Float64Array(new SharedArrayBuffer(8 * (model.itemCount - this.firstItem))),
        switchPrice: new Float64Array(new SharedArrayBuffer(8 * (model.itemCount - this.firstItem))),
      },
    };
    partnerThread().postMessage({ ...this.shared, model: inSharedMemory(model), view: inSharedMemory(this.shared.view) } satisfies ScanRequest);
  }

  begin(price: Float64Array): void {
    this.ask(task.scan, price);
  }

  end(load: Float64Array, choice: Int32Array): number {
    this.await();
    const shared = this.shared;
    for (let bin = 0; bin < load.length; bin++) load[bin] += shared.load[bin]!;
    choice.set(shared.choice, this.firstItem);
    return shared.sum[0]!;
  }

  beginKnapsack(price: Float64Array, joinBins: boolean): void {
    Atomics.store(this.shared.signal, control.joinBins, joinBins ? 1 : 0);
    this.ask(task.knapsack, price);
  }

  endKnapsack(): number {
    this.await();
    return this.shared.sum[0]!;
  }

  beginMarket(price: Float64Array): void {
    this.ask(task.market, price);
  }

  endMarket(into: MarketChoices): void {
    this.await();
    const { market } = this.shared;
    into.bin.set(market.bin, this.firstItem);
    into.weight.set(market.weight, this.firstItem);
    into.switchPrice.set(market.switchPrice, this.firstItem);
  }

  beginCycles({ itemArc, weights, binCapacity, binSoftCapacity, budgetMs }: CycleShare): void {
    const { cycles } = this.shared;
    cycles.plan.set(itemArc);
    cycles.binCapacity.set(binCapacity);
    cycles.binSoftCapacity.set(binSoftCapacity);
    cycles.weights.fill(NaN);
    cycles.weights.set(weights.slice(0, maxCycleWeights));
    cycles.deadline[0] = epochNow() + budgetMs;
    this.ask(task.cycles);
  }

  endCycles(): Int32Array {
    this.await();
    return Int32Array.from(this.shared.cycles.plan);
  }

  private ask(kind: number, price?: Float64Array): void {
    const { signal } = this.shared;
    if (price) this.shared.price.set(price);
    Atomics.store(signal, control.task, kind);
    Atomics.store(signal, control.asked, ++this.generation);
    Atomics.notify(signal, control.asked);
  }

  /** Waits for the task asked for; takes it here if the thread has not (loading, serving a stale model) or failed in it. */
  private await(): void {
    const { signal } = this.shared;
    if (claimStep(signal, this.generation)) this.runHere();
    for (;;) {
      const done = Atomics.load(signal, control.done);
      if (done === this.generation) return;
      if (done === control.failed) return this.runHere(); // the thread serves this model no more
      Atomics.wait(signal, control.done, done);
    }
  }

  /** The task, run on the core's thread into the same buffers: the same answer as the thread's. */
  private runHere(): void {
    runTask(this.shared);
    Atomics.store(this.shared.signal, control.done, this.generation);
  }

  close(): void {
    Atomics.store(this.shared.signal, control.stop, 1);
    Atomics.notify(this.shared.signal, control.asked);
  }
}

/** The item where the second half of the arcs begins: the two scans take about the same time. */
function splitByArcs(model: AssignmentModel): number {
  const half = model.arcBin.length / 2;
  let item = 0;
  while (item < model.itemCount && model.arcStart[item + 1]! <= half) item++;
  return item;
}

/** The object (a model, its sorted arcs) with every typed array copied into shared memory (a copy, not a serialisation: ~20 ms for a national model). */
function inSharedMemory<Shared extends object>(object: Shared): Shared {
  const shared: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(object)) {
    if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
      const typed = value as Int32Array | Float64Array | Uint8Array;
      const copy = new (typed.constructor as Int32ArrayConstructor)(new SharedArrayBuffer(typed.byteLength));
      copy.set(typed as Int32Array);
      shared[key] = copy;
    } else shared[key] = value;
  }
  return shared as Shared;
}

/**
 * Starts the thread ahead of its first use; resolves once it has loaded the solver's code (a few
 * hundred milliseconds of the second core, which a measurement should not share).
 */
export function startScanPartner(): Promise<void> {
  if (availableParallelism() < 2) return Promise.resolve();
  partnerThread();
  return threadReady!;
}

let thread: Worker | null = null;
let threadReady: Promise<void> | null = null;

/** The thread, started at the first use; it does not hold the process open. */
function partnerThread(): Worker {
  if (thread) return thread;
  const started = new Worker(new URL('./scanPartnerEntry.cjs', import.meta.url), { execArgv: ['--import', 'tsx'] });
  started.unref();
  threadReady = new Promise((resolve) => {
    started.once('message', () => resolve());
    started.once('exit', () => resolve());
  });
  // A thread that fails to load or dies is replaced at the next use; meanwhile the core's thread takes
  // every task itself (see claimStep), so a solve never waits on it.
  const forget = () => {
    if (thread === started) thread = null;
  };
  started.on('error', forget).on('exit', forget);
  return (thread = started);
}
