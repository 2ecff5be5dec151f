import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../lib/store/open';
import { openSqliteDriver } from '../../lib/store/sqlite-driver';
import { storeSuite } from './store-suite';

const dir = mkdtempSync(join(tmpdir(), 'pp-sqlite-'));
const file = join(dir, 'nested', 'packetpath.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

storeSuite('SQLite', {
  open: (now) => createSqliteStore({ file, ...(now ? { now } : {}) }),
  openDriver: () => openSqliteDriver(file),
  childEnv: () => ({ PP_STORE_KIND: 'sqlite', PP_STORE_FILE: file }),
  async rawContents() {
    // The database file and its write-ahead log, byte for byte: whatever reached the disk.
    return [file, `${file}-wal`]
      .filter((f) => existsSync(f))
      .map((f) => readFileSync(f).toString('latin1'))
      .join('\n');
  },
});

describe('SQLite file', () => {
  it('is created with its directory on first start, in WAL mode, and passes an integrity check', async () => {
    const store = await createSqliteStore({ file });
    await store.close();
    expect(existsSync(file)).toBe(true);
    const driver = openSqliteDriver(file);
    try {
      expect(await driver.all('PRAGMA journal_mode')).toEqual([{ journal_mode: 'wal' }]);
      expect(await driver.all('PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    } finally {
      await driver.close();
    }
  });
});
