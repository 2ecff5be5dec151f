// The Store over a SqlDriver: one implementation for SQLite and PostgreSQL.
//
// Snapshots are content-addressed blobs with separate catalogue entries (upload,
// snapshot, share). Deleting an entry removes the blob only when no other entry and no
// share refers to it, so deleting an upload never breaks a link made from it.

import type { Snapshot, SourceMeta } from '../model/types';
import type { TraceQuery } from '../engine/types';
import type { ShareRecord, SnapshotSummary, Store } from './types';
import type { SqlDriver, SqlExecutor } from './sql-driver';
import { isContentAddress } from './canonical';
import { prepareSnapshot } from './prepare';
import { isShareId, newShareId } from './share-id';
import { migrate } from './migrations';
import { StoreError } from './errors';

type Purpose = SnapshotSummary['purpose'];
const PURPOSES: readonly Purpose[] = ['upload', 'snapshot', 'share'];

interface EntryRow {
  snapshot_id: string;
  purpose: Purpose;
  name: string;
  meta: string;
  object_count: number;
  created_at: string;
}

interface ShareRow {
  id: string;
  snapshot_id: string;
  source_id: string;
  query: string;
  view: string;
  title: string | null;
  note: string | null;
  created_at: string;
  expires_at: string | null;
}

const ENTRY_SELECT = `SELECT c.snapshot_id, c.purpose, c.name, c.meta, b.object_count, c.created_at
  FROM catalogue c JOIN blobs b ON b.id = c.snapshot_id`;

function toSummary(row: EntryRow): SnapshotSummary {
  return {
    id: row.snapshot_id,
    name: row.name,
    purpose: row.purpose,
    meta: JSON.parse(row.meta) as SourceMeta,
    objectCount: Number(row.object_count),
    createdAt: row.created_at,
  };
}

function toShare(row: ShareRow): ShareRecord {
  return {
    id: row.id,
    snapshotId: row.snapshot_id,
    sourceId: row.source_id,
    query: JSON.parse(row.query) as TraceQuery,
    view: JSON.parse(row.view) as Record<string, string>,
    ...(row.title !== null ? { title: row.title } : {}),
    ...(row.note !== null ? { note: row.note } : {}),
    createdAt: row.created_at,
    ...(row.expires_at !== null ? { expiresAt: row.expires_at } : {}),
  };
}

function checkPurpose(purpose: string): asserts purpose is Purpose {
  if (!PURPOSES.includes(purpose as Purpose))
    throw new StoreError(`unknown purpose "${purpose}"`, 'BAD_INPUT');
}

/** Removes the blob when nothing refers to it any more. */
async function collectBlob(tx: SqlExecutor, id: string): Promise<void> {
  await tx.run(
    `DELETE FROM blobs WHERE id = ?
       AND NOT EXISTS (SELECT 1 FROM catalogue WHERE snapshot_id = ?)
       AND NOT EXISTS (SELECT 1 FROM shares WHERE snapshot_id = ?)`,
    [id, id, id],
  );
}

/** Opens a store on a driver, applying pending migrations first. */
export async function createSqlStore(driver: SqlDriver, now: () => Date = () => new Date()): Promise<Store> {
  await migrate(driver);
  return {
    kind: driver.kind,

    async putSnapshot(given, entry) {
      checkPurpose(entry.purpose);
      // Every stored object is redacted here, whoever calls: Secrets, env values, credential
      // arguments and unread annotations never reach the database. Idempotent, so callers
      // that redact first (to show what was removed) store the same content.
      // (Or redacted already, by prepareSnapshot in a worker thread: the same functions.)
      const { snapshot, id, json } = 'prepared' in given ? given : prepareSnapshot(given);
      const createdAt = now().toISOString();
      const rows = await driver.transaction(async (tx) => {
        await tx.run(
          'INSERT INTO blobs (id, body, object_count, created_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING',
          [id, json, snapshot.objects.length, createdAt],
        );
        // The first entry per (content, purpose) wins: saving identical content twice is a no-op.
        await tx.run(
          'INSERT INTO catalogue (snapshot_id, purpose, name, meta, created_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (snapshot_id, purpose) DO NOTHING',
          [id, entry.purpose, entry.name, JSON.stringify(snapshot.meta), createdAt],
        );
        return tx.all<EntryRow>(`${ENTRY_SELECT} WHERE c.snapshot_id = ? AND c.purpose = ?`, [
          id,
          entry.purpose,
        ]);
      });
      const row = rows[0];
      if (!row) throw new StoreError('snapshot entry vanished while being written', 'SNAPSHOT_NOT_FOUND', id);
      return toSummary(row);
    },

    async getSnapshot(id) {
      if (!isContentAddress(id)) return undefined;
      const rows = await driver.all<{ body: string }>('SELECT body FROM blobs WHERE id = ?', [id]);
      return rows[0] ? (JSON.parse(rows[0].body) as Snapshot) : undefined;
    },

    async getSnapshotSummary(id, purpose) {
      if (!isContentAddress(id)) return undefined;
      const rows = purpose
        ? await driver.all<EntryRow>(`${ENTRY_SELECT} WHERE c.snapshot_id = ? AND c.purpose = ?`, [
            id,
            purpose,
          ])
        : await driver.all<EntryRow>(`${ENTRY_SELECT} WHERE c.snapshot_id = ? ORDER BY c.created_at`, [id]);
      return rows[0] ? toSummary(rows[0]) : undefined;
    },

    async listSnapshots(purpose) {
      if (purpose) checkPurpose(purpose);
      const rows = purpose
        ? await driver.all<EntryRow>(
            `${ENTRY_SELECT} WHERE c.purpose = ? ORDER BY c.created_at DESC, c.name`,
            [purpose],
          )
        : await driver.all<EntryRow>(`${ENTRY_SELECT} ORDER BY c.created_at DESC, c.name`);
      return rows.map(toSummary);
    },

    async deleteSnapshot(id, purpose) {
      if (!isContentAddress(id)) return false;
      if (purpose) checkPurpose(purpose);
      return driver.transaction(async (tx) => {
        // Without a purpose, the user-facing entries go; share entries stay with their links.
        const removed = purpose
          ? await tx.run('DELETE FROM catalogue WHERE snapshot_id = ? AND purpose = ?', [id, purpose])
          : await tx.run("DELETE FROM catalogue WHERE snapshot_id = ? AND purpose <> 'share'", [id]);
        await collectBlob(tx, id);
        return removed > 0;
      });
    },

    async renameSnapshot(id, purpose, name) {
      if (!isContentAddress(id)) return undefined;
      checkPurpose(purpose);
      const changed = await driver.run(
        'UPDATE catalogue SET name = ? WHERE snapshot_id = ? AND purpose = ?',
        [name, id, purpose],
      );
      if (changed === 0) return undefined;
      const rows = await driver.all<EntryRow>(`${ENTRY_SELECT} WHERE c.snapshot_id = ? AND c.purpose = ?`, [
        id,
        purpose,
      ]);
      return rows[0] ? toSummary(rows[0]) : undefined;
    },

    async createShare(share) {
      if (share.expiresAt !== undefined && Number.isNaN(Date.parse(share.expiresAt))) {
        throw new StoreError(`expiresAt "${share.expiresAt}" is not a date`, 'BAD_INPUT');
      }
      const record: ShareRecord = { ...share, id: newShareId(), createdAt: now().toISOString() };
      await driver.transaction(async (tx) => {
        const blob = await tx.all('SELECT 1 AS one FROM blobs WHERE id = ?', [share.snapshotId]);
        if (blob.length === 0)
          throw new StoreError('the shared snapshot is not stored', 'SNAPSHOT_NOT_FOUND', share.snapshotId);
        await tx.run(
          `INSERT INTO shares (id, snapshot_id, source_id, query, view, title, note, created_at, expires_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            record.id,
            record.snapshotId,
            record.sourceId,
            JSON.stringify(record.query),
            JSON.stringify(record.view),
            record.title ?? null,
            record.note ?? null,
            record.createdAt,
            record.expiresAt ?? null,
          ],
        );
      });
      return record;
    },

    async getShare(id) {
      if (!isShareId(id)) return undefined;
      const rows = await driver.all<ShareRow>('SELECT * FROM shares WHERE id = ?', [id]);
      const row = rows[0];
      if (!row) return undefined;
      // An expired link behaves exactly like an unknown one.
      if (row.expires_at !== null && Date.parse(row.expires_at) <= now().getTime()) return undefined;
      return toShare(row);
    },

    async ping() {
      try {
        const rows = await driver.all<{ one: number }>('SELECT 1 AS one');
        return Number(rows[0]?.one) === 1;
      } catch {
        return false;
      }
    },

    close: () => driver.close(),
  };
}
