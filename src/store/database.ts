import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

/** A database that cannot be opened as ours: corrupt, from a newer schema, or unwritable. Stops the start. */
export class StorageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StorageError';
  }
}

interface Migration {
  version: number;
  name: string;
  sql: string;
}

const migrationsDirectory = new URL('./migrations/', import.meta.url);

/** The migrations in the repo, `NNN_name.sql`, in version order. */
export function migrations(): Migration[] {
  return readdirSync(migrationsDirectory)
    .filter((file) => /^\d{3}_[\w-]+\.sql$/.test(file))
    .sort()
    .map((file) => ({ version: Number(file.slice(0, 3)), name: file, sql: readFileSync(new URL(file, migrationsDirectory), 'utf8') }));
}

/** The schema version this build writes. */
export const schemaVersion = (): number => Math.max(0, ...migrations().map((migration) => migration.version));

/**
 * Opens (creating when absent) the service's database in `dataDir`: WAL, foreign keys, a busy
 * timeout, then every pending migration in one transaction each. A newer schema or a file that is
 * not a healthy SQLite database is a StorageError with a message fit for the operator.
 */
export function openDatabase(dataDir: string, fileName = 'court-assign.sqlite'): Db {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, fileName);
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('journal_mode = WAL');
    // FULL: a job acknowledged with 202 survives even a power cut, not only a killed process.
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 2000');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new StorageError(`database ${path} failed its integrity check: ${String(check)}`);
    migrate(db, path);
    return db;
  } catch (error) {
    db?.close();
    if (error instanceof StorageError) throw error;
    const code = (error as { code?: string }).code;
    if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
      throw new StorageError(`database ${path} is not a readable SQLite database (${code}); restore it from a backup or move it aside`, { cause: error });
    }
    throw new StorageError(`database ${path} could not be opened: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

function migrate(db: Db, path: string): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  const known = migrations();
  const latest = Math.max(0, ...known.map((migration) => migration.version));
  if (current > latest) {
    throw new StorageError(`database ${path} has schema version ${current}, newer than this build's ${latest}; run a newer court-assign or restore an older backup`);
  }
  for (const migration of known) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.pragma(`user_version = ${migration.version}`);
    })();
  }
}
