import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const processKey = 'durability-test-demo-key-0123456789';

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
  /** Sends a request with the demo key. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: () => Promise<unknown> }>;
}

/** Runs `npm start`'s entry as a real child process on an ephemeral port of 127.0.0.1. */
export function startServer(dataDir: string, environment: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_API_KEY: processKey, LOG_LEVEL: 'warn', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal, stderr })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in 20 s: ${stderr}`)), 20_000);
    void exited.then(({ code }) => {
      clearTimeout(timer);
      reject(Object.assign(new Error(`server exited with ${code} before listening: ${stderr}`), { code, stderr }));
    });
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout);
      if (!match) return;
      clearTimeout(timer);
      const url = match[1]!;
      resolve({
        url,
        child,
        exited,
        async call(method, path, body) {
          const response = await fetch(`${url}${path}`, {
            method,
            headers: { authorization: `Bearer ${processKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
            ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          });
          return { status: response.status, json: () => response.json() };
        },
      });
    });
  });
}

/** Runs the server entry on `dataDir` and waits for it to stop by itself (a start that must fail). */
export async function startExpectingFailure(dataDir: string): Promise<{ code: number | null; stderr: string }> {
  try {
    const server = await startServer(dataDir);
    server.child.kill('SIGKILL');
    return { code: 0, stderr: 'the server started' };
  } catch (error) {
    return { code: (error as { code?: number }).code ?? null, stderr: (error as { stderr?: string }).stderr ?? String(error) };
  }
}
