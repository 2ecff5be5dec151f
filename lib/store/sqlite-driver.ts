// better-sqlite3 behind the async SqlDriver interface.
//
// Durability: WAL journal with synchronous=FULL, so a COMMIT returns only after the WAL
// has been fsynced. (NORMAL in WAL mode would survive a killed process but could lose
// the last commits on power loss; a share link that was shown to the user must not
// vanish, so we pay one fsync per commit.)
//
// better-sqlite3 is synchronous and one connection holds at most one transaction, so an
// async transaction body could interleave with another caller's statements at each
// `await`. Worse, a second connection to the same file in the same process would wait
// for the write lock synchronously (busy_timeout) and block the very event loop the
// first transaction needs to finish. Every operation therefore runs through one queue
// per database file, shared by all connections of the process.

import Database from 'better-sqlite3';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql-driver';

const QUEUES = Symbol.for('packetpath.sqlite-queues');

/**
 * The database holds cluster state people uploaded: only this user may read it. The
 * directory is made 0700 and the file 0600 before SQLite opens it; SQLite gives the WAL
 * and shared-memory files the database file's permissions
 * (https://www.sqlite.org/src/doc/trunk/src/os_unix.c, findCreateFileMode: "the journal,
 * WAL and SHM files get the same permissions as the database file").
 */
function privateFile(file: string): void {
  const dir = dirname(file);
  if (!existsSync(dir)) mkdirSync(dir, { recursive: true, mode: 0o700 });
  else tryChmod(dir, 0o700);
  closeSync(openSync(file, 'a', 0o600));
  tryChmod(file, 0o600);
}

/** A mounted volume may belong to another user (fsGroup): then its own mode stays. */
function tryChmod(path: string, mode: number): void {
  try {
    chmodSync(path, mode);
  } catch (e) {
    if ((e as { code?: string }).code !== 'EPERM') throw e;
  }
}

export function openSqliteDriver(file: string): SqlDriver {
  if (file !== ':memory:') privateFile(file);
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');

  const direct: SqlExecutor = {
    async all<T extends object>(sql: string, params: readonly SqlValue[] = []) {
      return db.prepare(sql).all(...params) as T[];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      return db.prepare(sql).run(...params).changes;
    },
  };

  const queues = ((globalThis as Record<symbol, Map<string, Promise<unknown>>>)[QUEUES] ??= new Map());
  const key = file === ':memory:' ? `:memory:${Math.random()}` : resolve(file);
  function serialize<T>(fn: () => Promise<T>): Promise<T> {
    const next = (queues.get(key) ?? Promise.resolve()).then(fn, fn);
    const settled = next.catch(() => undefined);
    queues.set(key, settled);
    // Drop the entry once idle so closed databases do not pin memory.
    void settled.then(() => queues.get(key) === settled && queues.delete(key));
    return next;
  }

  return {
    kind: 'sqlite',
    all: (sql, params) => serialize(() => direct.all(sql, params)),
    run: (sql, params) => serialize(() => direct.run(sql, params)),
    exec: (script) => serialize(async () => void db.exec(script)),
    transaction<T>(fn: (tx: SqlExecutor) => Promise<T>) {
      return serialize(async () => {
        // IMMEDIATE takes the write lock up front, so two processes never deadlock upgrading
        // read locks; busy_timeout makes the second one wait instead of failing.
        db.exec('BEGIN IMMEDIATE');
        try {
          const result = await fn(direct);
          db.exec('COMMIT');
          return result;
        } catch (err) {
          if (db.inTransaction) db.exec('ROLLBACK');
          throw err;
        }
      });
    },
    close: () => serialize(async () => void db.close()),
  };
}
