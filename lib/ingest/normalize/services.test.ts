import { describe, expect, it } from 'vitest';
import { modelOfYaml, modelOfFixture } from '../../../test/fixtures/ingest/model';

describe('loadModel: services and endpoints', () => {
  it('fills in Service defaults and recognises headless services', () => {
    const m = modelOfYaml(`
kind: Service
metadata: {name: web, namespace: shop}
spec:
  clusterIP: 10.96.0.10
  selector: {app: web}
  ports: [{port: 80}, {port: 53, protocol: UDP, targetPort: dns, name: dns}]
---
kind: Service
metadata: {name: db, namespace: shop}
spec: {clusterIP: None, ports: [{port: 5432}], selector: {}}
`);
    const web = m.services.get('shop/web')!;
    expect(web).toMatchObject({
      type: 'ClusterIP',
      clusterIPs: ['10.96.0.10'],
      headless: false,
      externalTrafficPolicy: 'Cluster',
      internalTrafficPolicy: 'Cluster',
    });
    expect(web.ports).toEqual([
      { protocol: 'TCP', port: 80, targetPort: 80 },
      { name: 'dns', protocol: 'UDP', port: 53, targetPort: 'dns' },
    ]);
    const db = m.services.get('shop/db')!;
    expect(db).toMatchObject({ headless: true, clusterIPs: [] });
    expect(db.selector).toBeUndefined();
    expect(m.index.serviceByIP.get('10.96.0.10')?.key).toBe('shop/web');
  });

  it('derives endpoints from selected pods when the input has no slice, resolving named ports per pod', () => {
    const m = modelOfFixture('list.yaml');
    const slices = m.index.slicesByService.get('shop/web')!;
    expect(slices).toHaveLength(1);
    expect(slices[0]).toEqual({
      namespace: 'shop',
      name: 'web-derived',
      serviceName: 'web',
      addressType: 'IPv4',
      ports: [{ port: 8080, protocol: 'TCP' }],
      endpoints: [
        {
          addresses: ['10.244.1.5'],
          ready: true,
          serving: true,
          terminating: false,
          nodeName: 'node-a',
          targetRef: { kind: 'Pod', namespace: 'shop', name: 'web-1' },
        },
      ],
      derived: true,
    });
  });

  it('uses EndpointSlices as given and converts Endpoints only for services without a slice', () => {
    const m = modelOfYaml(`
kind: Service
metadata: {name: a}
spec: {selector: {app: a}, ports: [{port: 80}]}
---
kind: EndpointSlice
apiVersion: discovery.k8s.io/v1
metadata: {name: a-xyz, labels: {kubernetes.io/service-name: a}}
addressType: IPv4
ports: [{port: 8080, name: ''}]
endpoints:
- addresses: [10.0.0.1]
  conditions: {ready: false}
- addresses: [10.0.0.2]
---
kind: Endpoints
metadata: {name: a}
subsets: [{addresses: [{ip: 10.0.0.9}]}]
---
kind: Endpoints
metadata: {name: b}
subsets:
- addresses: [{ip: 10.0.0.3, nodeName: n1, targetRef: {kind: Pod, name: b-1}}]
  notReadyAddresses: [{ip: 10.0.0.4}]
  ports: [{port: 9090, protocol: UDP}]
`);
    const a = m.index.slicesByService.get('default/a')!;
    expect(a.map((s) => [s.name, s.derived])).toEqual([['a-xyz', false]]);
    expect(a[0]!.endpoints.map((e) => [e.addresses[0], e.ready, e.serving, e.terminating])).toEqual([
      ['10.0.0.1', false, false, false],
      ['10.0.0.2', true, true, false],
    ]);
    const b = m.index.slicesByService.get('default/b')!;
    expect(b).toHaveLength(1);
    expect(b[0]).toMatchObject({ derived: true, ports: [{ port: 9090, protocol: 'UDP' }] });
    expect(b[0]!.endpoints.map((e) => [e.addresses[0], e.ready, e.nodeName, e.targetRef?.name])).toEqual([
      ['10.0.0.3', true, 'n1', 'b-1'],
      ['10.0.0.4', false, undefined, undefined],
    ]);
  });
});
