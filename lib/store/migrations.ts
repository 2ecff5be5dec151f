// Numbered schema migrations, applied in order once each and recorded in
// schema_migrations. The statements are plain SQL that SQLite and PostgreSQL both accept.
// Never edit a shipped migration: add a new number.

import type { SqlDriver } from './sql-driver';
import { StoreError } from './errors';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'blobs, catalogue and shares',
    statements: [
      // One row per distinct snapshot content; body is the canonical JSON.
      `CREATE TABLE blobs (
        id TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        object_count INTEGER NOT NULL,
        created_at TEXT NOT NULL
      )`,
      // Listing entries: the same content may be an upload and a named snapshot at once.
      `CREATE TABLE catalogue (
        snapshot_id TEXT NOT NULL REFERENCES blobs(id),
        purpose TEXT NOT NULL CHECK (purpose IN ('upload', 'snapshot', 'share')),
        name TEXT NOT NULL,
        meta TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (snapshot_id, purpose)
      )`,
      `CREATE TABLE shares (
        id TEXT PRIMARY KEY,
        snapshot_id TEXT NOT NULL REFERENCES blobs(id),
        source_id TEXT NOT NULL,
        query TEXT NOT NULL,
        view TEXT NOT NULL,
        title TEXT,
        note TEXT,
        created_at TEXT NOT NULL,
        expires_at TEXT
      )`,
      'CREATE INDEX shares_snapshot ON shares (snapshot_id)',
    ],
  },
  {
    version: 2,
    name: 'catalogue listing index',
    statements: ['CREATE INDEX catalogue_purpose_created ON catalogue (purpose, created_at)'],
  },
];

/** Applies the migrations not yet recorded; safe to run concurrently and repeatedly. */
export async function migrate(
  driver: SqlDriver,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  await driver.exec(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)',
  );
  return driver.transaction(async (tx) => {
    if (driver.migrationLock) await tx.all(driver.migrationLock);
    const rows = await tx.all<{ version: number }>('SELECT version FROM schema_migrations');
    const done = new Set(rows.map((r) => Number(r.version)));
    const applied: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (done.has(m.version)) continue;
      try {
        for (const statement of m.statements) await tx.run(statement);
      } catch (err) {
        throw new StoreError(`migration ${m.version} (${m.name}) failed`, 'MIGRATION_FAILED', String(err));
      }
      await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)', [
        m.version,
        m.name,
        new Date().toISOString(),
      ]);
      applied.push(m.version);
    }
    return applied;
  });
}
