/**
 * The scan partner's thread (scanPartner.ts): for each model shared with it, waits for a task (see
 * runTask in scanProtocol.ts), reports, and waits again until the solve lets the model go (or a newer
 * model arrives: a solve that ended without letting go holds nothing).
 */
import { parentPort, receiveMessageOnPort } from 'node:worker_threads';
import { adoptArcsByCost } from '../../solver/core/lagrangianBound.js';
import { claimStep, control, runTask, type ScanRequest } from './scanProtocol.js';

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
  const { signal } = request;
  try {
    // The core's own sorted arcs (the same order, so the same choices), for every task on this model.
    adoptArcsByCost(request.model, request.view);
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
      runTask(request);
      Atomics.store(signal, control.done, generation);
      Atomics.notify(signal, control.done);
    }
  } catch {
    Atomics.store(signal, control.done, control.failed);
    Atomics.notify(signal, control.done);
    return null;
  }
}
