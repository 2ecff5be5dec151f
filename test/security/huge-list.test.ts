// A `kind: List` of 1,000,000 items (issue 11) is refused by its object count, before its
// items are built (lib/ingest/limits.ts, PACKETPATH_MAX_OBJECTS, default 500,000), with an
// error naming the file and the `items` field: exit 2 from the CLI, 413 from the upload API,
// whose parse runs in a worker thread while the server answers its liveness probe. The
// memory bound is generous (the items themselves are a few hundred MiB once parsed); what
// it rules out is building a million objects, origins and error records on top.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'pp-huge-list-'));
process.env.PACKETPATH_DATA_DIR = join(dir, 'data');
delete process.env.DATABASE_URL;
afterAll(async () => {
  const { resetPool } = await import('../../lib/server/workers/pool');
  await resetPool();
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

const ITEMS = 1_000_000;
const MiB = 1024 * 1024;
const jsonList = `{"apiVersion":"v1","kind":"List","items":[${Array(ITEMS).fill('{}').join(',')}]}`;
const yamlList = `apiVersion: v1\nkind: List\nitems:\n${'- {}\n'.repeat(ITEMS)}`;
const SAYS =
  /document 1: items: 1,000,000 objects is more than the limit of 500,000 per input \(PACKETPATH_MAX_OBJECTS\)/;

function rss(): number {
  global.gc?.();
  return process.memoryUsage().rss;
}

describe('a kind: List of 1,000,000 items', () => {
  it.each([
    ['list.json', jsonList],
    ['list.yaml', yamlList],
  ])(
    'CLI: %s ends with exit 2 naming the file and items',
    async (name, text) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      const before = rss();
      const { code, stderr } = await runCli(['lint', file, '-o', 'json']);
      expect(code, stderr).toBe(2);
      expect(stderr).toContain(`${file}: `);
      expect(stderr).toMatch(SAYS);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
      expect((rss() - before) / MiB).toBeLessThan(1024);
    },
    120_000,
  );

  it('upload API: 413 naming the file and items, the liveness probe answered meanwhile', async () => {
    const { POST } = await import('../../app/api/sources/route');
    const live = await import('../../app/api/health/live/route');
    const { runningTasks } = await import('../../lib/server/workers/pool');
    const before = rss();
    const pending = POST(
      new Request('http://test/api/sources?name=list.json', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: jsonList,
      }),
    );
    await vi.waitFor(() => expect(runningTasks('ingest')).toBe(1), { timeout: 60_000, interval: 5 });
    const probe = live.GET();
    expect(probe.status).toBe(200);
    const res = await pending;
    const body = (await res.json()) as { error: string; detail: string };
    expect(res.status, JSON.stringify(body)).toBe(413);
    expect(body.detail).toMatch(/^list\.json: /);
    expect(body.detail).toMatch(SAYS);
    expect((rss() - before) / MiB).toBeLessThan(1024);
  }, 120_000);
});
