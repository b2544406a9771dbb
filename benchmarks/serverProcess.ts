import { spawn } from 'node:child_process';

/** The key benchmark servers accept (their demo key). */
export const benchmarkKey = 'load-test-key-0123456789abcdef';
export const benchmarkHeaders = { authorization: `Bearer ${benchmarkKey}`, 'content-type': 'application/json' };

/**
 * The service as `npm start` runs it, as a child process on an ephemeral port of 127.0.0.1 with a
 * fresh data directory, no demo data and limits raised so that the benchmark measures the solver,
 * not the rate limiter. Resolves once it listens (its solver threads are warm by then).
 */
export async function startServer(dataDir: string): Promise<{ url: string; stop: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: new URL('../', import.meta.url),
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, DEMO_API_KEY: benchmarkKey, DEMO_DATA: 'off', LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '10000000', MAX_JOBS_PER_KEY: '1000' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });
  return { url, stop: () => new Promise((resolve) => (child.on('exit', () => resolve()), child.kill('SIGTERM'))) };
}
