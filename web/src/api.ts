/** The service's API as the page uses it: the key as a bearer token, problems as errors, job events by streaming fetch. */

export class ApiProblem extends Error {
  constructor(readonly status: number, readonly problem: { title?: string; detail?: string; errors?: { path: string; message: string }[] }) {
    super(`${status} ${problem.title ?? ''}: ${problem.detail ?? ''}${problem.errors?.length ? ` (${problem.errors.map((error) => `${error.path}: ${error.message}`).join('; ')})` : ''}`);
  }
}

export interface JobProgress {
  phase: string;
  objective: number | null;
  lowerBound: number | null;
  gap: number | null;
  elapsedMs: number;
}

export interface Job {
  id: string;
  status: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: JobProgress;
  planId: string | null;
  error: { title: string; detail: string } | null;
}

export class ServiceApi {
  constructor(private readonly key: string) {}

  async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(path, {
      method,
      headers: { authorization: `Bearer ${this.key}`, accept: 'application/json', ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new ApiProblem(response.status, await response.json().catch(() => ({ title: response.statusText })));
    return (await response.json()) as T;
  }

  /** A CSV export, downloaded through the browser with the key sent (a plain link could not send it). */
  async download(path: string, fileName: string): Promise<void> {
    const response = await fetch(path, { headers: { authorization: `Bearer ${this.key}`, accept: 'text/csv' } });
    if (!response.ok) throw new ApiProblem(response.status, await response.json().catch(() => ({ title: response.statusText })));
    const link = document.createElement('a');
    link.href = URL.createObjectURL(await response.blob());
    link.download = fileName;
    link.click();
    setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
  }

  /**
   * Follows a job's server-sent events until it ends. EventSource cannot send an Authorization
   * header, so the stream is read from fetch and split into events here.
   */
  async followJob(jobId: string, onProgress: (progress: JobProgress) => void, signal?: AbortSignal): Promise<Job> {
    const response = await fetch(`/v1/jobs/${jobId}/events`, { headers: { authorization: `Bearer ${this.key}`, accept: 'text/event-stream' }, ...(signal ? { signal } : {}) });
    if (!response.ok || !response.body) throw new ApiProblem(response.status, await response.json().catch(() => ({ title: response.statusText })));
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffered = '';
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buffered += value;
      for (let end = buffered.indexOf('\n\n'); end !== -1; end = buffered.indexOf('\n\n')) {
        const block = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (!event || data === undefined) continue;
        if (event === 'progress') onProgress(JSON.parse(data) as JobProgress);
        if (event === 'done') {
          await reader.cancel();
          return this.json<Job>('GET', `/v1/jobs/${jobId}`);
        }
      }
    }
    // The stream ended without `done` (the service restarted): the job itself says where it is.
    return this.json<Job>('GET', `/v1/jobs/${jobId}`);
  }
}
