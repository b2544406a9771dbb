import { buildApp, demoCaller } from './app.js';
import { loadConfig } from './config.js';
import { ensureDemoDataset } from './network/demoDataset.js';
import { newApiKey } from './store/apiKeyStore.js';

/** The process: read config, build the app, listen, close gracefully on SIGTERM / SIGINT. */
async function main(): Promise<void> {
  const config = loadConfig();
  const demoKey = config.DEMO_API_KEY ?? newApiKey();
  const app = await buildApp({
    logger: { level: config.LOG_LEVEL, redact: ['req.headers.authorization'] },
    apiKeys: [{ key: demoKey, caller: demoCaller }],
    dataDir: config.DATA_DIR,
    solverPool: { maxCandidateArcs: config.MAX_CANDIDATE_ARCS, warmUp: true },
    jobs: { maxQueued: config.MAX_QUEUED_JOBS, maxJobsPerKey: config.MAX_JOBS_PER_KEY },
    loadLimits: { requestsPerMinute: config.RATE_LIMIT_PER_MINUTE, maxEventLoopDelayMs: config.MAX_EVENT_LOOP_DELAY_MS },
    syncSolve: { maxCases: config.SYNC_MAX_CASES },
  });
  const demo = config.DEMO_DATA ? ensureDemoDataset(app.storage, config.DATA_DIR, demoCaller) : null;
  const close = async (signal: string) => {
    app.log.info({ signal }, 'closing');
    const closing = app.close();
    // Requests in flight finish; a keep-alive connection that falls idle after its last answer is
    // closed at once rather than held open until its timeout.
    const sweep = setInterval(() => app.server.closeIdleConnections(), 100);
    await closing;
    clearInterval(sweep);
    process.exit(0);
  };
  process.once('SIGTERM', () => void close('SIGTERM'));
  process.once('SIGINT', () => void close('SIGINT'));
  const address = await app.listen({ port: config.PORT, host: config.HOST });
  const demoLine = demo ? `demo dataset ${demo.id}: ${demo.courts} courts of the real network, ${demo.cases} cases; plan request in ${demo.requestFile}\n` : '';
  process.stdout.write(`\ncourt-assign listening on ${address} (docs: ${address}/docs)\ndemo SPC admin key: ${demoKey}\n${demoLine}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`court-assign failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
