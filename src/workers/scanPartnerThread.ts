/**
 * The scan partner's thread (scanPartner.ts): for each model shared with it, waits for a task (a scan
 * of its items, or the knapsack bound) at the prices given, reports, and waits again until the solve
 * lets the model go (or a newer model arrives: a solve that ended without letting go holds nothing).
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { scanItems, sortArcsByCost } from '../../solver/core/lagrangianBound.js';
import { knapsackBound } from '../../solver/core/knapsackBound.js';
import { claimStep, control, task, type ScanRequest } from './scanProtocol.js';

/** How often a waiting thread looks for a newer model. */
const pollMs = 50;

const port = parentPort!;

port.on('message', (first: ScanRequest) => {
  let request: ScanRequest | null = first;
  while (request) request = serve(request);
});
port.postMessage('ready');

/** Serves one model's steps until it is let go (null) or a newer model arrives (returned). */
function serve(request: ScanRequest): ScanRequest | null {
  const { model, firstItem, signal, price, load, choice, sum } = request;
  try {
    // Sorted as the core sorts its own copy: the same arcs in the same order, so the same choices.
    const view = sortArcsByCost(model);
    let generation = 0;
    for (;;) {
      if (Atomics.load(signal, control.stop) === 1) return null;
      if (Atomics.wait(signal, control.asked, generation, pollMs) === 'timed-out') {
        const newer = receiveMessageOnPort(port);
        if (newer) return newer.message as ScanRequest;
        continue;
      }
      const asked = Atomics.load(signal, control.asked);
      if (asked === generation) continue; // woken to stop
      generation = asked;
      if (!claimStep(signal, generation)) continue; // the core took it itself
      if (Atomics.load(signal, control.task) === task.knapsack) {
        sum[0] = knapsackBound(model, price, Atomics.load(signal, control.joinBins) === 1);
      } else {
        load.fill(0);
        sum[0] = scanItems(model, view, price, firstItem, model.itemCount, load, choice, firstItem);
      }
      Atomics.store(signal, control.done, generation);
      Atomics.notify(signal, control.done);
    }
  } catch {
    Atomics.store(signal, control.done, control.failed);
    Atomics.notify(signal, control.done);
    return null;
  }
}
