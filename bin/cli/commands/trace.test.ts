import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fromDot } from 'ts-graphviz';
import { parse as parseYaml } from 'yaml';

const dir = mkdtempSync(join(tmpdir(), 'packetpath-trace-'));
const file = join(dir, 'cluster.yaml');
writeFileSync(
  file,
  `apiVersion: v1
kind: Node
metadata: {name: worker-1}
status: {addresses: [{type: InternalIP, address: 10.0.0.11}]}
---
apiVersion: v1
kind: Node
metadata: {name: worker-2}
status: {addresses: [{type: InternalIP, address: 10.0.0.12}]}
---
apiVersion: crd.projectcalico.org/v1
kind: IPPool
metadata: {name: default-ipv4-ippool}
spec: {cidr: 10.244.0.0/16, vxlanMode: Always, natOutgoing: true}
---
apiVersion: crd.projectcalico.org/v1
kind: FelixConfiguration
metadata: {name: default}
spec: {vxlanMTU: 1500}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {nodeName: worker-1, containers: [{name: web, image: nginx, ports: [{containerPort: 8080}]}]}
status: {podIP: 10.244.1.5, conditions: [{type: Ready, status: "True"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {nodeName: worker-2, containers: [{name: db, image: postgres, ports: [{containerPort: 5432}]}]}
status: {podIP: 10.244.2.7, conditions: [{type: Ready, status: "True"}]}
`,
);

const bin = join(process.cwd(), 'bin/packetpath.js');
const run = (args: string[]) => spawnSync('node', [bin, ...args], { encoding: 'utf8' });

describe('packetpath trace / lint', () => {
  it('prints the contract JSON; --underlay-mtu overrides the assumed 1500', () => {
    const out = JSON.parse(
      execFileSync(
        'node',
        [
          bin,
          'trace',
          file,
          '--from',
          'pod:shop/web',
          '--to',
          'pod:shop/db',
          '--port',
          '5432',
          '--format',
          'json',
        ],
        { encoding: 'utf8' },
      ),
    );
    expect(out.verdict).toBe('dropped');
    expect(out.hops.map((h: { kind: string }) => h.kind)).toContain('encap');
    const jumbo = JSON.parse(
      execFileSync(
        'node',
        [
          bin,
          'trace',
          file,
          '--from',
          'pod:shop/web',
          '--to',
          'pod:shop/db',
          '--port',
          '5432',
          '--underlay-mtu',
          '9000',
          '--format',
          'json',
        ],
        { encoding: 'utf8' },
      ),
    );
    expect(jumbo.verdict).not.toBe('dropped');
  });

  it('--fail-on exits 1 when met; a bad endpoint exits 2 naming it and close matches', () => {
    expect(
      run([
        'trace',
        file,
        '--from',
        'pod:shop/web',
        '--to',
        'pod:shop/db',
        '--port',
        '5432',
        '--fail-on',
        'error',
      ]).status,
    ).toBe(1);
    const bad = run(['trace', file, '--from', 'pod:shop/wbe', '--to', 'pod:shop/db']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('no pod or workload "wbe" in namespace shop; did you mean pod:shop/web');
    expect(run(['trace', file, '--to', 'pod:shop/db']).status).toBe(2);
  });

  it('-o yaml is the JSON object; -o dot is a Graphviz digraph of the hops', () => {
    const query = ['trace', file, '--from', 'pod:shop/web', '--to', 'pod:shop/db', '--port', '5432'];
    const yaml = run([...query, '-o', 'yaml']);
    expect(yaml.status).toBe(0);
    // The contract object, spelled in YAML (the JSON output is pinned by the test above).
    const json = parseYaml(yaml.stdout) as { verdict: string; hops: { id: string; kind: string }[] };
    expect(json.verdict).toBe('dropped');
    expect(json.hops.map((h) => h.kind)).toContain('encap');
    const dot = run([...query, '-o', 'dot']);
    expect(dot.status).toBe(0);
    const graph = fromDot(dot.stdout);
    expect(graph.nodes.map((n) => n.id).filter((id) => /^h\d+$/.test(id))).toEqual(
      json.hops.map((h) => h.id),
    );
    // Graphviz itself, where installed (apt graphviz): the output renders.
    if (spawnSync('dot', ['-V']).status === 0)
      expect(execFileSync('dot', ['-Tsvg'], { input: dot.stdout, encoding: 'utf8' })).toContain('<svg');
  });

  it('-o mermaid prints a flowchart; lint has no graph formats', () => {
    const query = ['trace', file, '--from', 'pod:shop/web', '--to', 'pod:shop/db', '--port', '5432'];
    const mermaid = run([...query, '-o', 'mermaid']);
    expect(mermaid.status).toBe(0);
    expect(mermaid.stdout).toMatch(
      /^%% packetpath trace: DROPPED .*\nflowchart LR\n {2}h1\["h1 pod-eth0<br\/>/,
    );
    const lint = run(['lint', file, '-o', 'dot']);
    expect(lint.status).toBe(2);
    expect(lint.stderr).toContain('--format must be one of json, yaml, txt, md');
  });

  it('names every bad flag at once and exits 2', () => {
    const bad = run(['trace', file, '--to', 'pod:shop/db', '--port', '0', '--protocol', 'FOO']);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe(
      'packetpath trace: --from is required (pod:NS/NAME, svc:NS/NAME, deploy:NS/NAME, sts:, ds:, rs:, job:, node:NAME, ip:ADDRESS or a URL); ' +
        '--port must be a whole number from 1 to 65535; --protocol must be one of SCTP, TCP, UDP (not "FOO")\n',
    );
  });

  it('lint prints findings and exits 0', () => {
    const r = run(['lint', file, '--format', 'json']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).findings.map((f: { code: string }) => f.code)).toContain('MTU_BLACKHOLE');
  });
});
