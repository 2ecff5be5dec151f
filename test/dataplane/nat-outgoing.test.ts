// Calico natOutgoing: "packets sent from Calico networked containers in this pool to
// destinations outside of any Calico IP pools will be masqueraded"
// (https://docs.tigera.io/calico/latest/reference/resources/ippool, spec.natOutgoing;
// https://docs.tigera.io/calico/latest/networking/configuring/workloads-outside-cluster).
// Other nodes' addresses are outside every pool, so pod → another node is masqueraded
// too; a destination inside any pool (a disabled one included: the documented way to
// exempt a CIDR) is not. Traffic to the pod's own node never leaves the node.

import { describe, expect, it } from 'vitest';
import { traceRoute } from 'lib/engine/trace';
import type { TraceResult } from 'lib/engine/types';
import {
  KUBE_PROXY_IPTABLES,
  WEB,
  WORKER_1,
  WORKER_2,
  calicoPoolYaml,
  modelFromYaml,
  namespaceYaml,
  nodeYaml,
  podYaml,
} from './dump';

const cluster = (...pools: string[]) =>
  modelFromYaml(
    namespaceYaml('shop'),
    nodeYaml(WORKER_1),
    nodeYaml(WORKER_2),
    podYaml(WEB),
    KUBE_PROXY_IPTABLES,
    ...pools,
  );
const seen = (r: TraceResult) => r.hops.at(-1)?.facts?.['source address the backend sees'];
const snat = (r: TraceResult) => r.hops.find((h) => h.kind === 'snat');

describe('Calico natOutgoing', () => {
  it("masquerades a pod reaching another node's address to its own node address", () => {
    const r = traceRoute(cluster(calicoPoolYaml({ natOutgoing: true })), {
      from: 'pod:shop/web-0',
      to: 'node:worker-2',
      port: 10250,
    });
    expect(snat(r)?.findings).toContain('SNAT_EGRESS_MASQUERADE');
    expect(snat(r)?.explain).toContain('outside every Calico IP pool (10.244.0.0/16)');
    expect(seen(r)).toBe('10.0.0.11');
  });

  it("does not masquerade towards the pod's own node", () => {
    const r = traceRoute(cluster(calicoPoolYaml({ natOutgoing: true })), {
      from: 'pod:shop/web-0',
      to: 'node:worker-1',
      port: 10250,
    });
    expect(snat(r)).toBeUndefined();
    expect(seen(r)).toBe('10.244.1.5');
  });

  it('does not masquerade towards an address inside another (disabled) pool', () => {
    const r = traceRoute(
      cluster(
        calicoPoolYaml({ natOutgoing: true }),
        calicoPoolYaml({
          name: 'no-nat-datacenter',
          cidr: '192.168.50.0/24',
          disabled: true,
          natOutgoing: false,
        }),
      ),
      { from: 'pod:shop/web-0', to: 'ip:192.168.50.10', port: 443 },
    );
    expect(snat(r)).toBeUndefined();
    expect(seen(r)).toBe('10.244.1.5');
    const out = traceRoute(cluster(calicoPoolYaml({ natOutgoing: true })), {
      from: 'pod:shop/web-0',
      to: 'ip:192.168.50.10',
      port: 443,
    });
    expect(seen(out)).toBe('10.0.0.11');
  });

  it('natOutgoing false: the pod address everywhere', () => {
    const r = traceRoute(cluster(calicoPoolYaml({ natOutgoing: false })), {
      from: 'pod:shop/web-0',
      to: 'node:worker-2',
      port: 10250,
    });
    expect(snat(r)).toBeUndefined();
    expect(seen(r)).toBe('10.244.1.5');
  });
});
