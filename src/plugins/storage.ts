import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ApiKeyStore } from '../store/apiKeyStore.js';
import { AuditLog } from '../store/auditLog.js';
import { DatasetStore } from '../store/datasetStore.js';
import { openDatabase, type Db } from '../store/database.js';
import { JobStore } from '../store/jobStore.js';
import { PlanStore } from '../store/planStore.js';
import { ScenarioStore } from '../store/scenarioStore.js';

export interface Storage {
  db: Db;
  plans: PlanStore;
  datasets: DatasetStore;
  scenarios: ScenarioStore;
  jobs: JobStore;
  audit: AuditLog;
  apiKeys: ApiKeyStore;
  /** Runs `work` as one SQLite transaction: a change and its audit entry land together or not at all. */
  transaction<T>(work: () => T): T;
}

declare module 'fastify' {
  interface FastifyInstance {
    storage: Storage;
  }
}

export interface StorageOptions {
  /** Directory of the SQLite file (created when absent). */
  dataDir: string;
}

/** The SQLite database in DATA_DIR, migrated at start, closed with the app. */
async function storage(app: FastifyInstance, options: StorageOptions): Promise<void> {
  const db = openDatabase(options.dataDir);
  app.decorate('storage', {
    db,
    plans: new PlanStore(db),
    datasets: new DatasetStore(db),
    scenarios: new ScenarioStore(db),
    jobs: new JobStore(db),
    audit: new AuditLog(db),
    apiKeys: new ApiKeyStore(db),
    transaction: (work) => db.transaction(work)(),
  } satisfies Storage);
  app.addHook('onClose', async () => {
    db.close();
  });
}

export default fp(storage, { name: 'storage', fastify: '5.x' });
