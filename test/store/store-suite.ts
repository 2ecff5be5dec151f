// The store contract, run against every back end (sqlite.test.ts, postgres.test.ts).

import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../lib/model/types';
import type { Store } from '../../lib/store/types';
import type { SqlDriver } from '../../lib/store/sql-driver';
import { migrate, MIGRATIONS } from '../../lib/store/migrations';
import { redactSnapshot } from '../../lib/store/redact';
import { StoreError } from '../../lib/store/errors';
import { KEPT_MARKER, PLANTED, plantedSnapshot } from './planted';

export interface SuiteTarget {
  /** A new store instance (own connection / pool) on the suite's database. */
  open(now?: () => Date): Promise<Store>;
  openDriver(): SqlDriver;
  /** Environment for crash-child.ts to open the same database. */
  childEnv(): Record<string, string>;
  /** Everything the database holds, as text (raw file bytes, or every table's rows). */
  rawContents(): Promise<string>;
}

let counter = 0;
function snapshot(title = `snap-${process.pid}-${Date.now()}-${counter++}`, objects = 2): Snapshot {
  return {
    meta: { kind: 'upload', title },
    settings: { underlayMTU: 1500 },
    objects: Array.from({ length: objects }, (_, i) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${title}-pod-${i}`, namespace: 'shop', labels: { app: 'web' } },
      status: { podIP: `10.0.0.${i + 1}` },
    })),
  };
}

const query = { from: 'shop/web', to: 'shop/db', port: 5432, protocol: 'TCP' as const };

export function storeSuite(name: string, target: SuiteTarget): void {
  describe(`${name} store`, () => {
    it('addresses content by the sha256 of its canonical JSON, whatever the key order', async () => {
      const store = await target.open();
      try {
        const tiny: Snapshot = {
          settings: {},
          objects: [{ metadata: { name: 'a' }, kind: 'Pod' }],
          meta: { title: 't', kind: 'upload' },
        };
        const expected = createHash('sha256')
          .update(
            '{"meta":{"kind":"upload","title":"t"},"objects":[{"kind":"Pod","metadata":{"name":"a"}}],"settings":{}}',
          )
          .digest('hex');
        const reordered = JSON.parse(
          '{"objects":[{"kind":"Pod","metadata":{"name":"a"}}],"meta":{"kind":"upload","title":"t"},"settings":{}}',
        ) as Snapshot;
        const a = await store.putSnapshot(tiny, { name: 'a', purpose: 'upload' });
        const b = await store.putSnapshot(reordered, { name: 'b', purpose: 'snapshot' });
        expect(a.id).toBe(expected);
        expect(b.id).toBe(expected);
        expect(await store.getSnapshot(a.id)).toEqual(tiny);
        const other = await store.putSnapshot(snapshot(), { name: 'c', purpose: 'upload' });
        expect(other.id).not.toBe(a.id);
        expect(other.objectCount).toBe(2);
      } finally {
        await store.close();
      }
    });

    it('lists entries by purpose and keeps the first name for repeated content', async () => {
      const store = await target.open();
      try {
        const snap = snapshot();
        const first = await store.putSnapshot(snap, { name: 'monday', purpose: 'snapshot' });
        const again = await store.putSnapshot(snap, { name: 'tuesday', purpose: 'snapshot' });
        expect(again).toEqual(first);
        const saved = await store.listSnapshots('snapshot');
        expect(saved.filter((s) => s.id === first.id)).toEqual([first]);
        expect((await store.listSnapshots('upload')).some((s) => s.id === first.id)).toBe(false);
        expect(await store.getSnapshotSummary(first.id)).toEqual(first);
        expect(await store.getSnapshotSummary('not-a-hash')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('deleting an upload never removes content a share link still uses', async () => {
      const store = await target.open();
      try {
        const snap = snapshot();
        const upload = await store.putSnapshot(snap, { name: 'dump.yaml', purpose: 'upload' });
        const share = await store.createShare({
          snapshotId: upload.id,
          sourceId: `upload:${upload.id}`,
          query,
          view: {},
        });
        expect(await store.deleteSnapshot(upload.id)).toBe(true);
        expect((await store.listSnapshots('upload')).some((s) => s.id === upload.id)).toBe(false);
        expect(await store.getSnapshot(upload.id)).toEqual(snap);
        expect((await store.getShare(share.id))?.snapshotId).toBe(upload.id);

        const lonely = await store.putSnapshot(snapshot(), { name: 'lonely', purpose: 'upload' });
        expect(await store.deleteSnapshot(lonely.id)).toBe(true);
        expect(await store.getSnapshot(lonely.id)).toBeUndefined();
        expect(await store.deleteSnapshot(lonely.id)).toBe(false);
      } finally {
        await store.close();
      }
    });

    it('renames one catalogue entry and leaves the other purposes as they are', async () => {
      const store = await target.open();
      try {
        const snap = snapshot();
        const upload = await store.putSnapshot(snap, { name: 'cluster.yaml', purpose: 'upload' });
        await store.putSnapshot(snap, { name: 'saved', purpose: 'snapshot' });
        const renamed = await store.renameSnapshot(upload.id, 'upload', 'shop prod (before the fix)');
        expect(renamed?.name).toBe('shop prod (before the fix)');
        expect((await store.getSnapshotSummary(upload.id, 'upload'))?.name).toBe(
          'shop prod (before the fix)',
        );
        expect((await store.getSnapshotSummary(upload.id, 'snapshot'))?.name).toBe('saved');
        expect(await store.renameSnapshot('0'.repeat(64), 'upload', 'x')).toBeUndefined();
        expect(await store.renameSnapshot('not-an-id', 'upload', 'x')).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('creates unguessable share ids and returns unknown or malformed ids as not found', async () => {
      const store = await target.open();
      try {
        const snap = await store.putSnapshot(snapshot(), { name: 's', purpose: 'share' });
        const share = await store.createShare({
          snapshotId: snap.id,
          sourceId: 'scenario:vxlan-mtu',
          query,
          view: { hop: 'encap-1' },
          title: 'MTU drop',
          note: 'see the encap hop',
        });
        expect(share.id).toMatch(/^[A-Za-z0-9_-]{22}$/);
        expect(Buffer.from(share.id, 'base64url').length).toBeGreaterThanOrEqual(16);
        expect(await store.getShare(share.id)).toEqual(share);
        for (const bad of ['', 'x', '../../etc/passwd', "' OR 1=1 --", 'A'.repeat(22)]) {
          expect(await store.getShare(bad)).toBeUndefined();
        }
        await expect(
          store.createShare({ snapshotId: '0'.repeat(64), sourceId: 'live', query, view: {} }),
        ).rejects.toBeInstanceOf(StoreError);
      } finally {
        await store.close();
      }
    });

    it('treats an expired share as not found', async () => {
      let clock = new Date('2030-01-01T00:00:00Z');
      const store = await target.open(() => clock);
      try {
        const snap = await store.putSnapshot(snapshot(), { name: 's', purpose: 'share' });
        const share = await store.createShare({
          snapshotId: snap.id,
          sourceId: 'live',
          query,
          view: {},
          expiresAt: '2030-01-08T00:00:00.000Z',
        });
        expect(await store.getShare(share.id)).toEqual(share);
        clock = new Date('2030-01-07T23:59:59Z');
        expect(await store.getShare(share.id)).toBeDefined();
        clock = new Date('2030-01-08T00:00:00Z');
        expect(await store.getShare(share.id)).toBeUndefined();
      } finally {
        await store.close();
      }
    });

    it('loses nothing under hundreds of parallel createShare calls from two connections', async () => {
      const [a, b] = await Promise.all([target.open(), target.open()]);
      try {
        const snap = await a.putSnapshot(snapshot(), { name: 'load', purpose: 'share' });
        const make = (store: Store, i: number) =>
          store.createShare({
            snapshotId: snap.id,
            sourceId: 'live',
            query: { ...query, port: 1000 + i },
            view: { i: String(i) },
          });
        const created = await Promise.all([
          ...Array.from({ length: 200 }, (_, i) => make(a, i)),
          ...Array.from({ length: 100 }, (_, i) => make(b, 200 + i)),
        ]);
        expect(new Set(created.map((s) => s.id)).size).toBe(300);
        const read = await Promise.all(created.map((s) => b.getShare(s.id)));
        expect(read).toEqual(created);
        // Parallel saves of one content make one blob and one entry.
        const same = snapshot();
        const puts = await Promise.all(
          Array.from({ length: 40 }, (_, i) =>
            (i % 2 ? a : b).putSnapshot(same, { name: `n${i}`, purpose: 'snapshot' }),
          ),
        );
        expect(new Set(puts.map((p) => `${p.id}/${p.name}`)).size).toBe(1);
      } finally {
        await Promise.all([a.close(), b.close()]);
      }
    });

    it('keeps every acknowledged share when the writer is killed with SIGKILL', async () => {
      const store = await target.open();
      const snap = await store.putSnapshot(snapshot(), { name: 'crash', purpose: 'share' });
      await store.close();
      const root = join(import.meta.dirname, '..', '..');
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts')],
        {
          cwd: root,
          env: { ...process.env, ...target.childEnv(), PP_SNAPSHOT_ID: snap.id },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const acked: string[] = [];
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        child.on('exit', (_code, signal) => resolve(signal)),
      );
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ACK ')) acked.push(line.slice(4));
        if (acked.length >= 120 && child.exitCode === null && !child.killed) child.kill('SIGKILL');
      });
      const signal = await exited;
      expect(stderr).toBe('');
      expect(signal).toBe('SIGKILL');
      expect(acked.length).toBeGreaterThanOrEqual(120);
      const reopened = await target.open();
      try {
        const found = await Promise.all(acked.map((id) => reopened.getShare(id)));
        expect(found.filter((s) => s === undefined)).toHaveLength(0);
        expect(await reopened.ping()).toBe(true);
      } finally {
        await reopened.close();
      }
    }, 60_000);

    it('stays consistent when killed with SIGKILL during 300 concurrent share creations', async () => {
      const store = await target.open();
      const snap = await store.putSnapshot(snapshot(), { name: 'crash-300', purpose: 'share' });
      await store.close();
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', join(import.meta.dirname, 'crash-child.ts')],
        {
          cwd: join(import.meta.dirname, '..', '..'),
          env: { ...process.env, ...target.childEnv(), PP_SNAPSHOT_ID: snap.id, PP_CONCURRENCY: '300' },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      const acked: string[] = [];
      const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
      let buffered = '';
      child.stdout.on('data', (d: Buffer) => {
        buffered += d.toString();
        const lines = buffered.split('\n');
        buffered = lines.pop() ?? '';
        for (const line of lines) if (line.startsWith('ACK ')) acked.push(line.slice(4));
        // Past the first round, so 300 creations are in flight when the process dies.
        if (acked.length >= 310 && !child.killed) child.kill('SIGKILL');
      });
      await exited;
      expect(acked.length).toBeGreaterThanOrEqual(310);
      const driver = target.openDriver();
      try {
        if (driver.kind === 'sqlite')
          expect(await driver.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
        // Both back ends: no share without its snapshot, no catalogue entry without content.
        const orphans = await driver.all<{ n: number | string }>(
          'SELECT COUNT(*) AS n FROM shares s LEFT JOIN blobs b ON b.id = s.snapshot_id WHERE b.id IS NULL',
        );
        expect(Number(orphans[0]!.n)).toBe(0);
        const entries = await driver.all<{ n: number | string }>(
          'SELECT COUNT(*) AS n FROM catalogue c LEFT JOIN blobs b ON b.id = c.snapshot_id WHERE b.id IS NULL',
        );
        expect(Number(entries[0]!.n)).toBe(0);
      } finally {
        await driver.close();
      }
      const reopened = await target.open();
      try {
        const found = await Promise.all(acked.map((id) => reopened.getShare(id)));
        expect(found.filter((s) => s === undefined)).toHaveLength(0);
      } finally {
        await reopened.close();
      }
    }, 120_000);

    it('applies migrations once, even when several stores open at the same moment', async () => {
      const stores = await Promise.all([target.open(), target.open(), target.open()]);
      await Promise.all(stores.map((s) => s.close()));
      const driver = target.openDriver();
      try {
        expect(await migrate(driver)).toEqual([]);
        const rows = await driver.all<{ version: number }>(
          'SELECT version FROM schema_migrations ORDER BY version',
        );
        expect(rows.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      } finally {
        await driver.close();
      }
    });

    it('never stores a planted secret value, whichever entry stores it unredacted', async () => {
      const store = await target.open();
      try {
        // The store redacts by itself: every purpose gets the raw snapshot.
        for (const purpose of ['upload', 'snapshot', 'share'] as const) {
          const raw = plantedSnapshot();
          const saved = await store.putSnapshot(
            { ...raw, meta: { ...raw.meta, title: `planted-${purpose}` } },
            { name: 'planted', purpose },
          );
          expect(JSON.stringify(await store.getSnapshot(saved.id))).toContain(KEPT_MARKER);
          if (purpose === 'share')
            await store.createShare({
              snapshotId: saved.id,
              sourceId: 'upload:planted',
              query,
              view: {},
              title: 'planted',
            });
        }
        const { removed } = redactSnapshot(plantedSnapshot());
        expect(removed.length).toBeGreaterThan(0);
      } finally {
        await store.close();
      }
      const raw = await target.rawContents();
      expect(raw).toContain(KEPT_MARKER);
      for (const value of Object.values(PLANTED)) expect(raw).not.toContain(value);
      expect(raw).not.toContain(Buffer.from(PLANTED.secretData).toString('base64'));
    });

    it('takes SQL-injection strings through every string parameter as plain data', async () => {
      // Every statement is parameterised (lib/store/sql-store.ts); if one were built by
      // string concatenation, these would break the statement, drop a table or widen a WHERE.
      const attacks = [
        "'; DROP TABLE shares; --",
        "x' OR '1'='1",
        '" OR ""="',
        "'); DELETE FROM catalogue; --",
        "\\'; SELECT pg_sleep(5); --",
        "%' UNION SELECT body FROM blobs --",
        '$1; DROP TABLE blobs',
        '../../etc/passwd',
        '\u202e<script>alert(1)</script>',
      ];
      const store = await target.open();
      try {
        const before = (await store.listSnapshots()).length;
        for (const [i, attack] of attacks.entries()) {
          const snap = snapshot(`${attack}-${process.pid}-${Date.now()}-${i}`);
          const put = await store.putSnapshot(snap, { name: attack, purpose: 'snapshot' });
          expect(put.name).toBe(attack);
          expect((await store.getSnapshotSummary(put.id, 'snapshot'))?.name).toBe(attack);
          expect((await store.getSnapshot(put.id))?.meta.title).toBe(snap.meta.title);
          // Attacks as ids and purposes: nothing found, nothing removed, or a typed refusal.
          expect(await store.getSnapshot(attack)).toBeUndefined();
          expect(await store.getSnapshotSummary(attack)).toBeUndefined();
          expect(await store.deleteSnapshot(attack)).toBe(false);
          expect(await store.getShare(attack)).toBeUndefined();
          await expect(store.listSnapshots(attack as never)).rejects.toBeInstanceOf(StoreError);
          await expect(store.deleteSnapshot(put.id, attack as never)).rejects.toBeInstanceOf(StoreError);
          const share = await store.createShare({
            snapshotId: put.id,
            sourceId: attack,
            query: { from: attack, to: attack, port: 80, protocol: 'TCP' },
            view: { [attack]: attack },
            title: attack,
            note: attack,
          });
          const back = await store.getShare(share.id);
          expect(back).toMatchObject({
            sourceId: attack,
            title: attack,
            note: attack,
            view: { [attack]: attack },
          });
          expect(back?.query).toMatchObject({ from: attack, to: attack });
          await expect(
            store.createShare({ snapshotId: attack, sourceId: 'live', query, view: {} }),
          ).rejects.toBeInstanceOf(StoreError);
        }
        // Every table is still there and holds exactly what was written.
        expect((await store.listSnapshots()).length).toBe(before + attacks.length);
        expect(await store.ping()).toBe(true);
      } finally {
        await store.close();
      }
    });
  });
}
