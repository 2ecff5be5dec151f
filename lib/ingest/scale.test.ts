// Ingest stays fast on a large dump: 5,000 pods in 100 namespaces with services and
// policies parse, validate, normalize and index well within a CLI's patience.

import { describe, expect, it } from 'vitest';
import { selectPods } from '../model/selectors';
import { snapshotFromObjects } from './build-snapshot';
import { loadModel } from './load-model';
import { parseText } from './parse';

function bigDump(pods: number, namespaces: number): string {
  const items: unknown[] = [];
  for (let n = 0; n < namespaces; n++) {
    items.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: `ns-${n}`, labels: { team: `t${n % 7}` } },
    });
    items.push({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'allow-web', namespace: `ns-${n}` },
      spec: {
        podSelector: { matchLabels: { app: 'web' } },
        ingress: [
          { from: [{ namespaceSelector: { matchLabels: { team: 't1' } } }], ports: [{ port: 8080 }] },
        ],
      },
    });
    items.push({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web', namespace: `ns-${n}` },
      spec: { selector: { app: 'web' }, ports: [{ port: 80, targetPort: 'http' }] },
    });
  }
  for (let i = 0; i < pods; i++) {
    const ns = `ns-${i % namespaces}`;
    items.push({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `web-${i}`,
        namespace: ns,
        labels: { app: i % 3 === 0 ? 'web' : 'api', 'pod-template-hash': 'abc12' },
        ownerReferences: [
          { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `web-abc12`, controller: true, uid: `${i}` },
        ],
      },
      spec: {
        nodeName: `node-${i % 50}`,
        containers: [{ name: 'web', ports: [{ name: 'http', containerPort: 8080 }] }],
      },
      status: {
        podIP: `10.${Math.floor(i / 65536) + 1}.${Math.floor(i / 256) % 256}.${i % 256}`,
        phase: 'Running',
        conditions: [{ type: 'Ready', status: 'True' }],
      },
    });
  }
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', items });
}

describe('ingest at scale', () => {
  it('loads 5,000 pods quickly and selects through the label index', () => {
    const text = bigDump(5000, 100);
    const start = performance.now();
    const parsed = parseText(text, 'dump.json');
    const { snapshot } = snapshotFromObjects([parsed], { kind: 'files', title: 'dump.json' });
    const model = loadModel(snapshot);
    const elapsed = performance.now() - start;
    expect(model.pods.size).toBe(5000);
    expect(model.index.slicesByService.get('ns-3/web')![0]!.endpoints.length).toBeGreaterThan(10);
    expect(
      selectPods(model, 'ns-3', { matchLabels: { app: 'web' } }).every((p) => p.labels.app === 'web'),
    ).toBe(true);
    // Generous bound for a shared 2-core machine; typically well under a second.
    expect(elapsed).toBeLessThan(5000);
  });
});
