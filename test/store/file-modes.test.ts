// Data files are private: the SQLite database, its WAL and shared-memory files 0600, the
// data directory 0700, and an upload's spool file 0600 in a 0700 directory. SQLite gives
// the -wal and -shm files the database file's mode (os_unix.c findCreateFileMode,
// https://www.sqlite.org/src/doc/trunk/src/os_unix.c), so the driver creates the database
// file 0600 before SQLite opens it. mkdtemp creates its directory 0700
// (https://nodejs.org/api/fs.html#fspromisesmkdtempprefix-options; mkdtemp(3)).

import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createSqliteStore } from '../../lib/store/open';
import { spoolBody } from '../../lib/server/upload-spool';
import { ApiError } from '../../lib/server/errors';

const root = mkdtempSync(join(tmpdir(), 'pp-modes-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const mode = (path: string) => statSync(path).mode & 0o777;

describe('file modes', () => {
  it('a new data directory is 0700 and the database, WAL and SHM files 0600, whatever the umask', async () => {
    const old = process.umask(0o022);
    try {
      const file = join(root, 'fresh', 'data', 'packetpath.db');
      const store = await createSqliteStore({ file });
      // A write makes sure the WAL exists while the store is open.
      await store
        .createShare({
          snapshotId: 'x'.repeat(64),
          query: { from: 'a', to: 'b' },
          view: {},
          sourceId: 'live',
        })
        .catch(() => undefined);
      const files = readdirSync(dirname(file));
      expect(files).toEqual(
        expect.arrayContaining(['packetpath.db', 'packetpath.db-wal', 'packetpath.db-shm']),
      );
      expect(mode(dirname(file)).toString(8)).toBe('700');
      for (const f of files) expect(`${f} ${mode(join(dirname(file), f)).toString(8)}`).toBe(`${f} 600`);
      await store.close();
    } finally {
      process.umask(old);
    }
  });

  it('an existing database and data directory are narrowed to 0600 / 0700', async () => {
    const dir = join(root, 'old');
    const file = join(dir, 'packetpath.db');
    await (await createSqliteStore({ file })).close();
    chmodSync(dir, 0o755);
    chmodSync(file, 0o644);
    const store = await createSqliteStore({ file });
    expect(mode(dir).toString(8)).toBe('700');
    expect(mode(file).toString(8)).toBe('600');
    await store.close();
  });

  it("an upload's spool file is 0600 in a 0700 directory", async () => {
    const body = new Blob(['kind: List\n']).stream();
    const spooled = await spoolBody(body, {
      limit: 1024,
      gzip: false,
      tooLarge: () => new ApiError(413, 'too large', 'x'),
    });
    try {
      expect(mode(spooled.path).toString(8)).toBe('600');
      expect(mode(dirname(spooled.path)).toString(8)).toBe('700');
    } finally {
      await spooled.dispose();
    }
  });
});
