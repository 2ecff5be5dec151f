// A reach on user data ends with a clear answer naming the bound it passed, never with the
// process: a dump of bare pods and no policy has count × (count - 1) allowed pairs (the
// 7,059-pod dump that once exhausted a 5 GB heap is ~50 million), so pairs, time and heap
// are bounded (lib/engine/reach/bounds.ts, lib/server/reach-bounds.ts). Inputs come from
// the bench generator (bench/clusters.ts barePodList).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { barePodList } from '../../bench/clusters';

const root = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'packetpath-reach-bounds-'));
process.env.PACKETPATH_DATA_DIR = dir;
delete process.env.DATABASE_URL;
const list100k = join(dir, 'pods-100k.json');
const list7k = join(dir, 'pods-7059.json');

beforeAll(() => {
  writeFileSync(list100k, barePodList(100_000));
  writeFileSync(list7k, barePodList(7059));
});
afterAll(async () => {
  const { closeStore } = await import('lib/store');
  await closeStore();
  rmSync(dir, { recursive: true, force: true });
});

function reach(args: string[], env: Record<string, string> = {}, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, join(root, 'bin/packetpath.js'), 'reach', ...args], {
    encoding: 'utf8',
    cwd: root,
    env: { ...process.env, ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('packetpath reach under bounds', () => {
  it('a 100,000-item kind: List exits 2 naming the pair limit', () => {
    const r = reach([list100k]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'packetpath reach: the reach (workload granularity) has more than 1,000,000 pairs, the limit of one answer; narrow it to a namespace\n',
    );
    expect(r.stdout).toBe('');
  }, 180_000);

  it('the 7,059-pod dump at pod granularity exits 2 naming the time bound when one is set', () => {
    const r = reach([list7k, '--granularity', 'pod'], {
      PACKETPATH_REACH_MAX_PAIRS: '100000000',
      PACKETPATH_REACH_TIMEOUT_MS: '1',
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^packetpath reach: reach took longer than 1 ms, the limit of one computation/);
  }, 120_000);

  it('with the pair limit lifted, the heap bound ends it before V8 runs out of memory', () => {
    const r = reach([list7k, '--granularity', 'pod'], { PACKETPATH_REACH_MAX_PAIRS: '100000000' }, [
      '--max-old-space-size=512',
    ]);
    expect(r.signal).toBeNull();
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^packetpath reach: reach needs more memory than \d+ MiB of heap/);
  }, 180_000);

  it('a bad limit setting is a usage error, not a crash', () => {
    const r = reach(
      [join(root, 'test/peer-suites/netpol-analyzer/cases/netpol-analysis-example-minimal/manifests')],
      {
        PACKETPATH_REACH_MAX_PAIRS: 'lots',
      },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('PACKETPATH_REACH_MAX_PAIRS: expected a positive integer, got "lots"');
  }, 60_000);
});

describe('GET /api/reach under bounds', () => {
  it('answers 422 naming the pair limit for the 7,059-pod upload, and the server goes on', async () => {
    const sources = await import('../../app/api/sources/route');
    const reachRoute = await import('../../app/api/reach/route');
    const created = await sources.POST(
      new Request('http://test/api/sources?name=pods.json', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: barePodList(7059),
      }),
    );
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const res = await reachRoute.GET(new Request(`http://test/api/reach?source=${encodeURIComponent(id)}`));
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({
      error: 'reach too large',
      detail:
        'the reach (workload granularity) has more than 1,000,000 pairs, the limit of one answer; narrow it to a namespace',
      bound: 'pairs',
      limit: 1_000_000,
    });
  }, 120_000);

  it('maps time and memory bounds to 503 naming the bound', async () => {
    const { boundError } = await import('lib/server/reach-cache');
    const { ReachBoundError } = await import('lib/engine');
    const time = boundError(new ReachBoundError('time', 60_000, 'reach took longer than 60000 ms'));
    expect([time.status, time.message, time.extra]).toEqual([
      503,
      'reach timed out',
      { bound: 'time', limit: 60_000 },
    ]);
    const memory = boundError(new ReachBoundError('memory', 1024, 'reach needs more memory'));
    expect([memory.status, memory.message]).toEqual([503, 'reach out of memory']);
  });
});
