import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { demoCaller } from '../../src/app.js';
import { AuditLog, firstBrokenAuditEntry } from '../../src/store/auditLog.js';
import { openDatabase, schemaVersion, StorageError, type Db } from '../../src/store/database.js';
import { temporaryDataDir } from '../support/testApp.js';

const directories: string[] = [];
const freshDir = () => {
  const dir = temporaryDataDir();
  directories.push(dir);
  return dir;
};
afterEach(() => {
  for (const dir of directories.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const tables = (db: Db) => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

describe('the SQLite database', () => {
  it('is created in WAL mode with every migration applied, and opens again unchanged', () => {
    const dir = freshDir();
    const db = openDatabase(dir);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion());
    expect(schemaVersion()).toBeGreaterThanOrEqual(1);
    expect(tables(db)).toEqual(expect.arrayContaining(['api_keys', 'approvals', 'audit_log', 'datasets', 'jobs', 'overrides', 'plan_inputs', 'plans']));
    new AuditLog(db).append({ action: 'test.kept', subjectType: 'plan', subjectId: 'p1', courtPath: ['spc'], actor: demoCaller, detail: {} });
    db.close();
    const reopened = openDatabase(dir);
    expect(reopened.prepare('SELECT action FROM audit_log').pluck().all()).toEqual(['test.kept']);
    reopened.close();
  });

  it('refuses a database from a newer schema, naming both versions', () => {
    const dir = freshDir();
    const future = new Database(join(dir, 'court-assign.sqlite'));
    future.pragma(`user_version = ${schemaVersion() + 1}`);
    future.close();
    expect(() => openDatabase(dir)).toThrow(StorageError);
    expect(() => openDatabase(dir)).toThrow(new RegExp(`schema version ${schemaVersion() + 1}, newer than this build's ${schemaVersion()}`));
  });

  it('refuses a file that is not a SQLite database', () => {
    const dir = freshDir();
    writeFileSync(join(dir, 'court-assign.sqlite'), 'this is not a database, only words '.repeat(200));
    expect(() => openDatabase(dir)).toThrow(/is not a readable SQLite database/);
  });
});

describe('the audit log', () => {
  function logWithEntries(count: number): { db: Db; dir: string } {
    const dir = freshDir();
    const db = openDatabase(dir);
    const log = new AuditLog(db);
    for (let index = 0; index < count; index++) log.append({ action: `test.${index}`, subjectType: 'plan', subjectId: `p${index}`, courtPath: ['spc', 'h11'], actor: demoCaller, detail: { index } });
    return { db, dir };
  }

  it('rejects UPDATE and DELETE in the database itself, from any connection', () => {
    const { db, dir } = logWithEntries(3);
    db.close();
    const attacker = new Database(join(dir, 'court-assign.sqlite'));
    expect(() => attacker.prepare("UPDATE audit_log SET action = 'forged' WHERE seq = 2").run()).toThrow(/append-only/);
    expect(() => attacker.prepare('DELETE FROM audit_log WHERE seq = 2').run()).toThrow(/append-only/);
    expect(() => attacker.prepare('DELETE FROM audit_log').run()).toThrow(/append-only/);
    expect(attacker.prepare('SELECT count(*) FROM audit_log').pluck().get()).toBe(3);
    attacker.close();
  });

  it('chains every entry to the one before, so an edit made behind the triggers’ back shows', () => {
    const { db } = logWithEntries(5);
    expect(firstBrokenAuditEntry(db)).toBeNull();
    db.exec('DROP TRIGGER audit_log_no_update');
    db.prepare("UPDATE audit_log SET detail = '{\"index\":99}' WHERE seq = 3").run();
    expect(firstBrokenAuditEntry(db)).toBe(3);
    db.close();
  });

  it('shows a removed entry at the one that followed it', () => {
    const { db } = logWithEntries(5);
    db.exec('DROP TRIGGER audit_log_no_delete');
    db.prepare('DELETE FROM audit_log WHERE seq = 2').run();
    expect(firstBrokenAuditEntry(db)).toBe(3);
    db.close();
  });
});
