import { describe, expect, it } from 'vitest';
import { modelOfYaml, modelOfFixture } from '../../../test/fixtures/ingest/model';

describe('loadModel: namespaces and nodes', () => {
  it('adds kubernetes.io/metadata.name to declared and inferred namespaces', () => {
    const m = modelOfYaml(`
kind: Namespace
metadata: {name: shop, labels: {team: web}}
---
kind: Pod
metadata: {name: p, namespace: ops}
---
kind: ConfigMap
metadata: {name: c}
`);
    expect([...m.namespaces.values()]).toEqual([
      { name: 'default', labels: { 'kubernetes.io/metadata.name': 'default' }, declared: false },
      { name: 'ops', labels: { 'kubernetes.io/metadata.name': 'ops' }, declared: false },
      { name: 'shop', labels: { 'kubernetes.io/metadata.name': 'shop', team: 'web' }, declared: true },
    ]);
  });

  it('keeps a declared kubernetes.io/metadata.name label', () => {
    const m = modelOfYaml(
      `kind: Namespace\nmetadata: {name: x, labels: {kubernetes.io/metadata.name: x, ns: x}}\n`,
    );
    expect(m.namespaces.get('x')!.labels).toEqual({ 'kubernetes.io/metadata.name': 'x', ns: 'x' });
  });

  it('reads node addresses, pod CIDRs, kernel version and readiness', () => {
    const m = modelOfFixture('snapshot.json');
    expect(m.nodes.get('node-b')).toMatchObject({
      internalIPs: ['192.168.0.11'],
      externalIPs: [],
      podCIDRs: ['10.244.2.0/24'],
      kernelVersion: '6.1.0',
      ready: true,
    });
    expect(m.index.nodeByIP.get('192.168.0.11')?.name).toBe('node-b');
  });
});
