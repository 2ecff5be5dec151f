// `packetpath trace --from deploy:NS/NAME` (shared/contracts/cli.md "Workload endpoints"):
// every ready replica traced, the worst drawn, `replicas[]` in the JSON, the one-line
// summary first in txt. Run as a user would, on a saved snapshot of the scenario.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getScenario, scenarioSnapshot } from '../../../lib/scenarios';
import { SNAPSHOT_API_VERSION } from '../../../lib/ingest/snapshot-file';

const dir = mkdtempSync(join(tmpdir(), 'packetpath-workload-'));
const file = join(dir, 'snapshot.json');
writeFileSync(
  file,
  JSON.stringify({
    apiVersion: SNAPSHOT_API_VERSION,
    kind: 'PacketpathSnapshot',
    ...scenarioSnapshot(getScenario('vxlan-mtu-web-replicas')!),
  }),
);

const bin = join(process.cwd(), 'bin/packetpath.js');
const run = (args: string[]) => spawnSync('node', [bin, 'trace', file, ...args], { encoding: 'utf8' });
const toDb = ['--from', 'deploy:shop/web', '--to', 'svc:shop/db', '--port', '5432'];

interface Replica {
  pod: string;
  node: string;
  verdict: string;
  culprit: string | null;
  codes: string[];
}

describe('packetpath trace with a workload endpoint', () => {
  it('prints the worst replica with replicas[] in JSON', () => {
    const res = run([...toDb, '-o', 'json']);
    expect(res.status, res.stderr).toBe(0);
    const out = JSON.parse(res.stdout) as {
      verdict: string;
      hops: { id: string; kind: string }[];
      replicas: Replica[];
    };
    expect(out.verdict).toBe('dropped');
    const encap = out.hops.find((h) => h.kind === 'encap')!.id;
    expect(
      out.replicas.map(({ node, verdict, culprit, codes }) => ({ node, verdict, culprit, codes })),
    ).toEqual([
      { node: 'worker-1', verdict: 'dropped', culprit: encap, codes: ['MTU_BLACKHOLE'] },
      { node: 'worker-1', verdict: 'dropped', culprit: encap, codes: ['MTU_BLACKHOLE'] },
      { node: 'worker-2', verdict: 'delivered', culprit: null, codes: [] },
    ]);
    for (const r of out.replicas) expect(r.pod).toMatch(/^shop\/web-/);
  });

  it('starts txt with the replica line', () => {
    const res = run(toDb);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout.split('\n')[0]).toBe(
      '✖ 2 of 3 replicas dropped (worker-1: MTU_BLACKHOLE at encap); 1 delivered',
    );
  });

  it('draws the replica --replica names, and exits 2 naming a pod that is not one', () => {
    const json = JSON.parse(run([...toDb, '-o', 'json']).stdout) as { replicas: Replica[] };
    const beside = json.replicas[2]!.pod;
    const res = run([...toDb, '--replica', beside, '-o', 'json']);
    expect(res.status, res.stderr).toBe(0);
    expect(JSON.parse(res.stdout)).toMatchObject({ verdict: 'delivered', workload: { drawn: beside } });
    const bad = run([...toDb, '--replica', 'shop/db-0']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/shop\/db-0 is not a ready replica of deploy:shop\/web/);
  });

  it('exits 2 with close names for an unknown workload', () => {
    const res = run(['--from', 'deploy:shop/wbe', '--to', 'svc:shop/db']);
    expect(res.status).toBe(2);
    expect(res.stderr).toMatch(/no Deployment "wbe".*did you mean deploy:shop\/web/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
