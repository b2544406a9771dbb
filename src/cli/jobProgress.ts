import type { ServiceClient } from './serviceClient.js';

interface Progress {
  phase: string;
  objective: number | null;
  gap: number | null;
  elapsedMs: number;
}
interface JobState {
  id: string;
  status: string;
  planId: string | null;
  error: unknown;
}

/**
 * Follows a job's server-sent events to its end, drawing a progress line on `out` (redrawn in place
 * on a terminal, one line per phase otherwise), then returns the job as the service reports it.
 */
export async function followJob(client: ServiceClient, jobId: string, out: NodeJS.WriteStream): Promise<JobState> {
  const response = await client.stream(`/v1/jobs/${jobId}/events`);
  if (!response.ok || !response.body) throw new Error(`following job ${jobId}: ${response.status}`);
  const decoder = new TextDecoder();
  let buffer = '';
  let lastPhase = '';
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    buffer += decoder.decode(chunk, { stream: true });
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = /^event: (\w+)/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === 'progress' && data) {
        const progress = JSON.parse(data) as Progress;
        if (out.isTTY) out.write(`\r${progressLine(progress)}\u001b[K`);
        else if (progress.phase !== lastPhase) out.write(`${progressLine(progress)}\n`);
        lastPhase = progress.phase;
      }
    }
  }
  if (out.isTTY) out.write('\n');
  return (await client.send('GET', `/v1/jobs/${jobId}`)) as JobState;
}

/** `[########------] local_search  gap 1.2e-4  3.1 s`: the bar fills as the gap closes (log scale, 1 → 1e-6). */
export function progressLine(progress: Progress): string {
  const width = 20;
  const closed = progress.gap === null ? 0 : progress.gap <= 0 ? 1 : Math.min(1, Math.max(0, -Math.log10(Math.max(progress.gap, 1e-6)) / 6));
  const filled = Math.round(closed * width);
  const gap = progress.gap === null ? '—' : progress.gap.toExponential(1);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${progress.phase.padEnd(12)} gap ${gap}  ${(progress.elapsedMs / 1000).toFixed(1)} s`;
}
