import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadModel, readInputs } from '../../lib/ingest/index';
import {
  captureSnapshotWithReport,
  LiveUnreachableError,
  loadKubeConfig,
  LiveConfigError,
} from '../../lib/ingest/live/index';
import { FakeApiServer } from './fake-apiserver';
import { names, seedCluster } from './fixtures';

const dir = mkdtempSync(join(tmpdir(), 'pp-snap-'));
let api: FakeApiServer;
let kubeconfig: string;

beforeAll(async () => {
  api = new FakeApiServer({ crds: [{ kind: 'IPAddressPool' }] });
  seedCluster(api);
  api.apply({
    apiVersion: 'metallb.io/v1beta1',
    kind: 'IPAddressPool',
    metadata: { name: 'pool', namespace: 'metallb-system' },
    spec: { addresses: ['192.168.1.240-192.168.1.250'] },
  });
  api.forbid('DaemonSet');
  await api.listen();
  kubeconfig = api.writeKubeconfig(join(dir, 'kubeconfig'), 'lab');
});
afterAll(async () => api.close());

// Asynchronous on purpose: the fake API server runs in this process and must keep answering.
function cli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['bin/packetpath.js', ...args], {
      env: { ...process.env, KUBECONFIG: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill(), 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

describe('packetpath snapshot', { timeout: 120_000 }, () => {
  it('writes a PacketpathSnapshot of the cluster, warning about forbidden kinds', async () => {
    const out = join(dir, 'snap.yaml');
    const r = await cli(['snapshot', '--kubeconfig', kubeconfig, '-o', out]);
    expect(r.stderr).toContain('DaemonSet: forbidden; grant list/watch on daemonsets.apps');
    expect(r.code).toBe(0);
    const doc = parse(readFileSync(out, 'utf8'));
    expect(doc).toMatchObject({
      apiVersion: 'packetpath.dev/v1',
      kind: 'PacketpathSnapshot',
      meta: { kind: 'live', context: 'lab' },
    });
    expect(names(doc.objects, 'Pod')).toEqual(['shop/web-1', 'shop/web-2', 'shop/web-3']);
    expect(names(doc.objects, 'IPAddressPool')).toEqual(['metallb-system/pool']);
    expect(names(doc.objects, 'ConfigMap')).toEqual(['kube-system/kube-proxy']);
    expect(doc.objects.every((o: { kind: string; apiVersion: string }) => o.kind && o.apiVersion)).toBe(true);

    // Every command takes the file as INPUT.
    const { snapshot } = await readInputs([out]);
    expect(loadModel(snapshot).pods.size).toBe(3);
    const trace = await cli([
      'trace',
      out,
      '--from',
      'pod:shop/web-3',
      '--to',
      'svc:shop/web',
      '--port',
      '80',
      '--format',
      'json',
    ]);
    expect(trace.stderr).toBe('');
    expect(trace.code).toBe(0);
    expect(JSON.parse(trace.stdout).hops.length).toBeGreaterThan(2);
  });

  it('uses KUBECONFIG (several files merged) and --context', async () => {
    const other = join(dir, 'other');
    writeFileSync(
      other,
      'apiVersion: v1\nkind: Config\nclusters: []\nusers: []\ncontexts: []\ncurrent-context: ""\n',
    );
    const out = join(dir, 'ctx.yaml');
    const r = await cli(['snapshot', '--context', 'lab', '-o', out], {
      KUBECONFIG: `${other}:${kubeconfig}`,
    });
    expect(r.stderr).toContain('context "lab"');
    expect(r.code).toBe(0);
    expect(parse(readFileSync(out, 'utf8')).meta.context).toBe('lab');
  });

  it('exits 2 with the reason for an unknown context, a missing file or an unreachable server', async () => {
    const bad = await cli([
      'snapshot',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'nope',
      '-o',
      join(dir, 'x.yaml'),
    ]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('context "nope" is not in the kubeconfig (contexts: lab)');
    const missing = await cli(['snapshot', '--kubeconfig', join(dir, 'missing'), '-o', join(dir, 'x.yaml')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('does not exist');
    const usage = await cli(['snapshot', '--kubeconfig', kubeconfig]);
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('-o FILE is required');

    const down = new FakeApiServer({ tls: false });
    await down.listen();
    const downConfig = down.writeKubeconfig(join(dir, 'down'), 'down');
    await down.close();
    const r = await cli(['snapshot', '--kubeconfig', downConfig, '-o', join(dir, 'x.yaml')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot reach the API server at http:\/\/127\.0\.0\.1:\d+: .*ECONNREFUSED/);
  });
});

describe('captureSnapshot', () => {
  it('reports synced, absent and forbidden kinds', async () => {
    const report = await captureSnapshotWithReport({ kubeconfig, pageSize: 1 });
    const state = new Map(report.kinds.map((k) => [k.id, k.state]));
    expect(state.get('Pod')).toBe('synced');
    expect(state.get('IPAddressPool')).toBe('synced');
    expect(state.get('IPPool')).toBe('absent');
    expect(state.get('DaemonSet')).toBe('forbidden');
    expect(names(report.snapshot.objects, 'Namespace')).toEqual(['kube-system', 'shop']);
  });

  it('throws LiveUnreachableError when nothing answers', async () => {
    const down = new FakeApiServer();
    await down.listen();
    const file = down.writeKubeconfig(join(dir, 'down-tls'));
    await down.close();
    await expect(captureSnapshotWithReport({ kubeconfig: file })).rejects.toBeInstanceOf(
      LiveUnreachableError,
    );
  });

  it('rejects a kubeconfig without the CA of a TLS server as unreachable, not as a crash', async () => {
    const text = readFileSync(kubeconfig, 'utf8').replace(
      /certificate-authority-data: .*/,
      'insecure-skip-tls-verify: false',
    );
    const file = join(dir, 'no-ca');
    writeFileSync(file, text);
    await expect(captureSnapshotWithReport({ kubeconfig: file })).rejects.toThrow(/certificate/i);
  });
});

describe('loadKubeConfig', () => {
  it('reads the file, picks the context, and names the server', () => {
    const loaded = loadKubeConfig({ kubeconfig });
    expect(loaded).toMatchObject({ context: 'lab', server: api.url });
  });
  it('fails clearly on an unknown context', () => {
    expect(() => loadKubeConfig({ kubeconfig, context: 'x' })).toThrow(LiveConfigError);
  });
});

describe('--live on trace, reach and lint', { timeout: 120_000 }, () => {
  // shared/contracts/cli.md, second edition: every command that reads INPUT also reads a
  // live cluster instead with --live (--kubeconfig, --context as kubectl has them).
  it('trace --live reads the cluster of the kubeconfig and context given', async () => {
    const trace = await cli([
      'trace',
      '--live',
      '--kubeconfig',
      kubeconfig,
      '--context',
      'lab',
      '--from',
      'pod:shop/web-3',
      '--to',
      'svc:shop/web',
      '--port',
      '80',
      '-o',
      'json',
    ]);
    expect(trace.stderr).toBe('');
    expect(trace.code).toBe(0);
    expect(JSON.parse(trace.stdout).hops.length).toBeGreaterThan(2);
  });

  it('reach --live and lint --live answer; INPUT beside --live and --context without it are usage errors', async () => {
    const reach = await cli(['reach', '--live', '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(reach.code).toBe(0);
    expect(JSON.parse(reach.stdout).pairs.length).toBeGreaterThan(0);
    const lint = await cli(['lint', '--live', '--kubeconfig', kubeconfig, '-o', 'json']);
    expect(lint.code).toBe(0);
    expect(Array.isArray(JSON.parse(lint.stdout).findings)).toBe(true);
    const both = await cli(['lint', 'dump.yaml', '--live', '--kubeconfig', kubeconfig]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--live reads the cluster instead of INPUT');
    const context = await cli(['lint', 'dump.yaml', '--context', 'lab']);
    expect(context.code).toBe(2);
    expect(context.stderr).toContain('--kubeconfig and --context go with --live');
  });

  it('an unreachable cluster exits 2 with the reason', async () => {
    const gone = join(dir, 'gone');
    writeFileSync(
      gone,
      readFileSync(kubeconfig, 'utf8').replace(
        /server: https:\/\/127\.0\.0\.1:\d+/,
        'server: https://127.0.0.1:9',
      ),
    );
    const r = await cli(['reach', '--live', '--kubeconfig', gone]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cannot reach the API server');
  });
});
