import { describe, expect, it } from 'vitest';
import { indexModel } from './index-model';
import type { EndpointSlice, NetworkPolicy, NodeInfo, Pod, Service } from './types';

function pod(name: string, extra: Partial<Pod> = {}): Pod {
  return {
    key: `ns/${name}`,
    namespace: 'ns',
    name,
    labels: {},
    annotations: {},
    ips: [],
    hostNetwork: false,
    ready: true,
    ports: [],
    workload: { namespace: 'ns', name, kind: 'Pod' },
    synthesized: false,
    origin: {},
    ...extra,
  };
}

const node: NodeInfo = {
  name: 'n1',
  labels: {},
  annotations: {},
  internalIPs: ['192.168.0.1'],
  externalIPs: ['203.0.113.1'],
  podCIDRs: [],
  ready: true,
  origin: {},
};

const service: Service = {
  key: 'ns/web',
  namespace: 'ns',
  name: 'web',
  labels: {},
  annotations: {},
  type: 'LoadBalancer',
  clusterIPs: ['10.96.0.5'],
  headless: false,
  ports: [],
  externalTrafficPolicy: 'Cluster',
  internalTrafficPolicy: 'Cluster',
  loadBalancerIngress: [{ ip: '198.51.100.7' }, { hostname: 'lb.example' }],
  externalIPs: ['198.51.100.8'],
  origin: {},
};

const slice = (name: string, serviceName: string): EndpointSlice => ({
  namespace: 'ns',
  name,
  serviceName,
  addressType: 'IPv4',
  ports: [],
  endpoints: [],
  derived: false,
});

const policy = (namespace: string, name: string): NetworkPolicy => ({
  key: `${namespace}/${name}`,
  namespace,
  name,
  podSelector: {},
  policyTypes: ['Ingress'],
  policyTypesInferred: true,
  ingress: [],
  egress: [],
  origin: {},
});

describe('indexModel', () => {
  const pods = [
    pod('b', {
      labels: { app: 'web' },
      ips: ['10.0.0.2'],
      nodeName: 'n1',
      workload: { namespace: 'ns', name: 'web-rs', kind: 'ReplicaSet' },
    }),
    pod('a', {
      labels: { app: 'web', tier: 'x' },
      ips: ['10.0.0.1', 'fd00::1'],
      nodeName: 'n1',
      workload: { namespace: 'ns', name: 'web-rs', kind: 'ReplicaSet' },
    }),
    pod('host', { hostNetwork: true, ips: ['192.168.0.1', '10.0.0.1'], nodeName: 'n1' }),
  ];
  const model = indexModel(
    {
      namespaces: [],
      nodes: [node],
      pods,
      services: [service],
      endpointSlices: [slice('web-2', 'web'), slice('web-1', 'web'), slice('orphan', '')],
      networkPolicies: [policy('b', 'p'), policy('a', 'q'), policy('a', 'p')],
      adminPolicies: [],
    },
    { kind: 'upload', title: 't' },
    { underlayMTU: 1500 },
    new Map(),
    [],
  );

  it('orders pods by key', () => {
    expect([...model.pods.keys()]).toEqual(['ns/a', 'ns/b', 'ns/host']);
  });

  it('indexes pods by namespace, label, node and workload', () => {
    expect(model.index.podsByNamespace.get('ns')!.map((p) => p.name)).toEqual(['a', 'b', 'host']);
    expect(model.index.podsByLabel.get('app=web')!.map((p) => p.name)).toEqual(['a', 'b']);
    expect(model.index.podsByLabel.get('tier=x')!.map((p) => p.name)).toEqual(['a']);
    expect(model.index.podsByNode.get('n1')).toHaveLength(3);
    expect(model.index.podsByWorkload.get('ns/ReplicaSet/web-rs')!.map((p) => p.name)).toEqual(['a', 'b']);
    expect(model.index.podsByWorkload.get('ns/Pod/host')).toHaveLength(1);
  });

  it('maps pod IPs, preferring pod-network pods over host-network ones', () => {
    expect(model.index.podByIP.get('10.0.0.1')?.name).toBe('a');
    expect(model.index.podByIP.get('fd00::1')?.name).toBe('a');
    expect(model.index.podByIP.get('192.168.0.1')?.name).toBe('host');
  });

  it('maps node and service addresses', () => {
    expect(model.index.nodeByIP.get('192.168.0.1')?.name).toBe('n1');
    expect(model.index.nodeByIP.get('203.0.113.1')?.name).toBe('n1');
    for (const ip of ['10.96.0.5', '198.51.100.7', '198.51.100.8'])
      expect(model.index.serviceByIP.get(ip)?.key).toBe('ns/web');
  });

  it('groups slices by service and policies by namespace, sorted', () => {
    expect(model.index.slicesByService.get('ns/web')!.map((s) => s.name)).toEqual(['web-1', 'web-2']);
    expect(model.index.slicesByService.size).toBe(1);
    expect(model.index.policiesByNamespace.get('a')!.map((p) => p.name)).toEqual(['p', 'q']);
    expect(model.settings).toEqual({ underlayMTU: 1500 });
  });
});
