/** The service over HTTP with one API key: problem+json answers become errors that say what went wrong. */
export class ServiceClient {
  constructor(
    readonly baseUrl: string,
    private readonly key: string,
  ) {}

  async send(method: string, path: string, body?: unknown, accept = 'application/json'): Promise<unknown> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method,
      headers: { authorization: `Bearer ${this.key}`, accept, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    if (!response.ok) {
      const problem = safeJson(text) as { title?: string; detail?: string } | null;
      throw new Error(`${method} ${path}: ${response.status} ${problem?.title ?? ''}${problem?.detail ? ` (${problem.detail})` : ''}`);
    }
    return (response.headers.get('content-type') ?? '').includes('json') ? JSON.parse(text) : text;
  }

  /** The raw streaming response of a GET (server-sent events). */
  stream(path: string): Promise<Response> {
    return fetch(new URL(path, this.baseUrl), { headers: { authorization: `Bearer ${this.key}`, accept: 'text/event-stream' } });
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
