// ipBlock and pod addresses, decided per CNI (lib/engine/policy/ipblock-rule.ts):
// - Calico, and an unknown CNI, match a pod's address inside `cidr` and exclude one in
//   `except`, as the upstream NetworkPolicy e2e suite expects
//   (kubernetes/kubernetes test/e2e/network/netpol/network_policy.go, "should allow
//   ingress access from updated pod / ... ipBlock ... except").
// - Cilium applies CIDR rules only to peers outside the cluster: an ipBlock never
//   matches a pod (https://github.com/cilium/cilium/issues/9209, listed in Cilium's
//   "Kubernetes compatibility" docs as a known missing feature; maintainers'
//   explanation in https://github.com/cilium/cilium/issues/35212).
// - `--ipblock-pods match|outside` (contracts/cli.md, second edition) overrides both.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { computeReach } from 'lib/engine/reach';
import { lintModel } from 'lib/engine/lint';
import { traceRoute } from 'lib/engine/trace';
import type { TraceResult } from 'lib/engine/types';
import { parseTraceQuery, parseQuery, reachQuerySchema } from 'lib/server/validate';
import {
  API,
  DB,
  KUBE_PROXY_IPTABLES,
  WEB,
  WORKER_1,
  WORKER_2,
  calicoPoolYaml,
  ciliumConfigYaml,
  modelFromYaml,
  namespaceYaml,
  nodeYaml,
  podYaml,
} from './dump';

// db accepts the pod network by address, except api's /32.
const POLICY = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db-from-pod-network, namespace: shop}
spec:
  podSelector: {matchLabels: {app: db}}
  policyTypes: [Ingress]
  ingress:
  - from:
    - ipBlock:
        cidr: 10.244.0.0/16
        except: [10.244.1.6/32]
    ports:
    - {protocol: TCP, port: 5432}`;

const base = [
  namespaceYaml('shop'),
  nodeYaml(WORKER_1),
  nodeYaml(WORKER_2),
  podYaml(WEB),
  podYaml(API),
  podYaml(DB),
  POLICY,
  KUBE_PROXY_IPTABLES,
];
const calico = () => modelFromYaml(...base, calicoPoolYaml());
const cilium = () => modelFromYaml(...base, ciliumConfigYaml());
const unknown = () => modelFromYaml(...base);

const ingressHop = (r: TraceResult) => r.hops.find((h) => h.kind === 'policy-ingress')!;
const finding = (r: TraceResult, code: string) => r.findings.find((f) => f.code === code);

describe('ipBlock over pod IPs', () => {
  // The packet arrives; the warning (a verdict that changes with the CNI) makes the trace "degraded".
  it('Calico: a pod inside cidr is matched and delivered; the hop says which rule applied and why', () => {
    const r = traceRoute(calico(), { from: 'pod:shop/web-0', to: 'pod:shop/db-0', port: 5432 });
    expect(r.verdict).toBe('degraded');
    expect(r.hops.at(-1)).toMatchObject({ kind: 'endpoint', verdict: 'pass' });
    expect(ingressHop(r).facts?.['ipBlock matches pod IPs']).toBe('yes (Calico)');
    expect(ingressHop(r).findings).toContain('IPBLOCK_COVERS_POD_IPS');
    const f = finding(r, 'IPBLOCK_COVERS_POD_IPS')!;
    expect(f.severity).toBe('warning');
    expect(f.hop).toBe(ingressHop(r).id);
    expect(f.detail).toContain('Applied here: match');
    expect(f.detail).toContain('rule #0 matches shop/web-0 (10.244.1.5) and the connection is allowed');
    expect(f.evidence).toContainEqual({
      kind: 'NetworkPolicy',
      namespace: 'shop',
      name: 'db-from-pod-network',
      field: 'spec.ingress[0].from[0].ipBlock.cidr',
      value: '10.244.0.0/16',
    });
    expect(f.evidence).toContainEqual({
      kind: 'Pod',
      namespace: 'shop',
      name: 'web-0',
      field: 'status.podIP',
      value: '10.244.1.5',
    });
    expect(r.hops.at(-1)?.facts?.['source address the backend sees']).toBe('10.244.1.5');
  });

  it('Calico: a pod address listed in except is not matched, so the connection is denied', () => {
    const r = traceRoute(calico(), { from: 'pod:shop/api-0', to: 'pod:shop/db-0', port: 5432 });
    expect(r.verdict).toBe('dropped');
    expect(ingressHop(r).findings).toEqual(
      expect.arrayContaining(['POLICY_INGRESS_DENIED', 'IPBLOCK_COVERS_POD_IPS']),
    );
    expect(finding(r, 'IPBLOCK_COVERS_POD_IPS')!.detail).toContain('is listed in except');
  });

  it('Cilium: the same ipBlock never matches a pod, so web is denied', () => {
    const r = traceRoute(cilium(), { from: 'pod:shop/web-0', to: 'pod:shop/db-0', port: 5432 });
    expect(r.verdict).toBe('dropped');
    expect(ingressHop(r).facts?.['ipBlock matches pod IPs']).toBe(
      'no (Cilium: only addresses outside the cluster)',
    );
    const f = finding(r, 'IPBLOCK_COVERS_POD_IPS')!;
    expect(f.detail).toContain('Applied here: outside');
    expect(f.detail).toContain('cilium/cilium#9209');
    expect(codesOf(r)).toContain('POLICY_INGRESS_DENIED');
  });

  it('unknown CNI: the upstream expectation (match) is assumed and said so', () => {
    const r = traceRoute(unknown(), { from: 'pod:shop/web-0', to: 'pod:shop/db-0', port: 5432 });
    expect(r.verdict).toBe('degraded');
    expect(r.hops.at(-1)?.kind).toBe('endpoint');
    expect(ingressHop(r).facts?.['ipBlock matches pod IPs']).toBe('yes (assumed: unknown CNI)');
  });

  it('--ipblock-pods overrides the CNI both ways', () => {
    expect(
      traceRoute(calico(), {
        from: 'pod:shop/web-0',
        to: 'pod:shop/db-0',
        port: 5432,
        ipblockPods: 'outside',
      }).verdict,
    ).toBe('dropped');
    const r = traceRoute(cilium(), {
      from: 'pod:shop/web-0',
      to: 'pod:shop/db-0',
      port: 5432,
      ipblockPods: 'match',
    });
    expect(r.verdict).toBe('degraded');
    expect(r.hops.at(-1)?.kind).toBe('endpoint');
    expect(ingressHop(r).facts?.['ipBlock matches pod IPs']).toBe('yes (--ipblock-pods match)');
  });

  it('reach follows the same rule: web → db on Calico, not on Cilium; api (in except) never', () => {
    const pair = (model: ReturnType<typeof calico>, opts = {}) =>
      computeReach(model, { granularity: 'pod', ...opts })
        .pairs.filter((p) => p.to === 'shop/db-0[Pod]')
        .map((p) => `${p.from} ${p.conn}`);
    expect(pair(calico())).toContain('shop/web-0[Pod] TCP 5432');
    expect(pair(calico()).some((p) => p.startsWith('shop/api-0'))).toBe(false);
    expect(pair(cilium()).some((p) => p.startsWith('shop/web-0'))).toBe(false);
    expect(pair(calico(), { ipblockPods: 'outside' }).some((p) => p.startsWith('shop/web-0'))).toBe(false);
  });

  it('reach keeps apart pods that differ only by address: a replica in except is not matched', () => {
    const web1 = { ...WEB, name: 'web-1', ip: '10.244.1.6' };
    const m = modelFromYaml(
      namespaceYaml('shop'),
      nodeYaml(WORKER_1),
      nodeYaml(WORKER_2),
      podYaml(WEB),
      podYaml(web1),
      podYaml(DB),
      POLICY,
      KUBE_PROXY_IPTABLES,
      calicoPoolYaml(),
    );
    const to = computeReach(m, { granularity: 'pod' })
      .pairs.filter((p) => p.to === 'shop/db-0[Pod]')
      .map((p) => p.from);
    expect(to).toContain('shop/web-0[Pod]');
    expect(to).not.toContain('shop/web-1[Pod]');
    expect(traceRoute(m, { from: 'pod:shop/web-1', to: 'pod:shop/db-0', port: 5432 }).verdict).toBe(
      'dropped',
    );
  });

  it('lint names every ipBlock that covers pod addresses, with the rule that applies', () => {
    const f = lintModel(calico()).findings.filter((x) => x.code === 'IPBLOCK_COVERS_POD_IPS');
    expect(f).toHaveLength(1);
    expect(f[0]!.detail).toContain('shop/web-0 (10.244.1.5)');
    expect(f[0]!.detail).toContain('1 listed in except are not matched');
    expect(
      lintModel(calico(), { ipblockPods: 'outside' }).findings.find(
        (x) => x.code === 'IPBLOCK_COVERS_POD_IPS',
      )!.detail,
    ).toContain('Applied here: outside');
  });

  it('the API takes ipblockPods on trace and reach, and rejects other values with a 400', () => {
    expect(
      parseTraceQuery(new URLSearchParams({ from: 'pod:a/b', to: 'pod:a/c', ipblockPods: 'outside' }))
        .ipblockPods,
    ).toBe('outside');
    expect(parseQuery(reachQuerySchema, new URLSearchParams({ ipblockPods: 'match' })).ipblockPods).toBe(
      'match',
    );
    expect(() =>
      parseTraceQuery(new URLSearchParams({ from: 'pod:a/b', to: 'pod:a/c', ipblockPods: 'sometimes' })),
    ).toThrow(expect.objectContaining({ status: 400, detail: expect.stringMatching(/^ipblockPods: /) }));
  });

  it('the CLI takes --ipblock-pods on trace, reach and lint and refuses other values (exit 2)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'packetpath-ipblock-'));
    const file = join(dir, 'dump.yaml');
    writeFileSync(file, [...base, calicoPoolYaml()].join('\n---\n'));
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [resolve(import.meta.dirname, '../../bin/packetpath.js'), ...args], {
        encoding: 'utf8',
      });
    const t = cli(
      'trace',
      file,
      '--from',
      'pod:shop/web-0',
      '--to',
      'pod:shop/db-0',
      '--port',
      '5432',
      '--ipblock-pods',
      'outside',
      '--format',
      'json',
    );
    expect(t.status).toBe(0);
    expect((JSON.parse(t.stdout) as TraceResult).verdict).toBe('dropped');
    expect(cli('reach', file, '--ipblock-pods', 'outside').status).toBe(0);
    expect(cli('lint', file, '--ipblock-pods', 'match', '--format', 'json').stdout).toContain(
      'IPBLOCK_COVERS_POD_IPS',
    );
    const bad = cli('reach', file, '--ipblock-pods', 'sometimes');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--ipblock-pods must be one of match, outside');
  }, 60_000);
});

function codesOf(r: TraceResult): string[] {
  return r.findings.map((f) => f.code);
}
