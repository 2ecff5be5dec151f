// A small cluster for the fake API server, and helpers shared by the live tests.

import type { FakeApiServer } from './fake-apiserver';

export function seedCluster(api: FakeApiServer): void {
  api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop', labels: { team: 'web' } } });
  api.apply({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'kube-system' } });
  for (const n of ['worker-1', 'worker-2']) {
    api.apply({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n },
      spec: { podCIDR: n === 'worker-1' ? '10.244.1.0/24' : '10.244.2.0/24' },
      status: {
        addresses: [{ type: 'InternalIP', address: n === 'worker-1' ? '192.168.1.11' : '192.168.1.12' }],
      },
    });
  }
  for (const [i, node] of [
    [1, 'worker-1'],
    [2, 'worker-2'],
    [3, 'worker-1'],
  ] as const) {
    api.apply(pod(`web-${i}`, node, `10.244.${node === 'worker-1' ? 1 : 2}.${10 + i}`));
  }
  api.apply({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web', namespace: 'shop' },
    spec: {
      selector: { app: 'web' },
      clusterIP: '10.96.0.20',
      ports: [{ port: 80, targetPort: 8080, protocol: 'TCP' }],
    },
  });
  api.apply({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: 'web-abc12', namespace: 'shop', labels: { 'kubernetes.io/service-name': 'web' } },
    addressType: 'IPv4',
    ports: [{ port: 8080, protocol: 'TCP' }],
    endpoints: [
      {
        addresses: ['10.244.1.11'],
        nodeName: 'worker-1',
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', name: 'web-1', namespace: 'shop' },
      },
      {
        addresses: ['10.244.2.12'],
        nodeName: 'worker-2',
        conditions: { ready: true, serving: true, terminating: false },
        targetRef: { kind: 'Pod', name: 'web-2', namespace: 'shop' },
      },
    ],
  });
  api.apply({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'default-deny', namespace: 'shop' },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  api.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'kube-proxy', namespace: 'kube-system' },
    data: { 'config.conf': 'mode: ipvs\n' },
  });
  // Not a network setting: must never reach the snapshot.
  api.apply({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'coredns', namespace: 'kube-system' },
    data: { Corefile: '.' },
  });
}

export function pod(name: string, node: string, ip: string, namespace = 'shop') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace, labels: { app: 'web' } },
    spec: { nodeName: node, containers: [{ name: 'web', image: 'nginx', ports: [{ containerPort: 8080 }] }] },
    status: {
      phase: 'Running',
      podIP: ip,
      podIPs: [{ ip }],
      conditions: [{ type: 'Ready', status: 'True' }],
    },
  };
}

/** Polls `check` until it returns true (or a value), failing with `what` after `ms`. */
export async function eventually<T>(
  what: string,
  check: () => T | undefined | false,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = check();
      if (v !== undefined && v !== false) return v;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** `kind namespace/name@field` summaries of a snapshot's objects, for comparisons. */
export function names(
  objects: ReadonlyArray<{ kind: string; metadata: { namespace?: string; name?: string } }>,
  kind: string,
): string[] {
  return objects
    .filter((o) => o.kind === kind)
    .map((o) => `${o.metadata.namespace ? o.metadata.namespace + '/' : ''}${o.metadata.name}`)
    .sort();
}
