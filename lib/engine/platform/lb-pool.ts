// A MetalLB address pool to suggest when a LoadBalancer is pending. L2 mode answers ARP
// on the nodes' own segment, so the pool must come from the nodes' subnet: the top of
// the first node's /24 is the usual choice, left out of DHCP by the network owner.

import type { ClusterModel } from '../../model/types';
import type { MetalLBPool } from './types';

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/** `a.b.c.240-a.b.c.250` on the first node's IPv4 network, or undefined with no node address. */
export function suggestedPoolRange(model: ClusterModel): string | undefined {
  const names = [...model.nodes.keys()].sort();
  for (const name of names) {
    const ip = model.nodes.get(name)?.internalIPs.find((a) => IPV4.test(a));
    if (!ip) continue;
    const prefix = ip.split('.').slice(0, 3).join('.');
    return `${prefix}.240-${prefix}.250`;
  }
  return undefined;
}

/** `{ pool }` for finding parameters, or nothing when no range can be suggested. */
export function optionalPool(model: ClusterModel): { pool?: string } {
  const pool = suggestedPoolRange(model);
  return pool ? { pool } : {};
}

/**
 * A MetalLB pool that would serve a Service if asked for: every pool is autoAssign: false
 * (assigned only on request, metallb.io/address-pool) and the Service requests none.
 */
export function reservedPool(
  pools: readonly MetalLBPool[],
  serviceAnnotations: Readonly<Record<string, string>>,
): MetalLBPool | undefined {
  if (['metallb.io/address-pool', 'metallb.universe.tf/address-pool'].some((a) => serviceAnnotations[a]))
    return undefined;
  return pools.some((p) => p.autoAssign) ? undefined : pools.find((p) => !p.autoAssign);
}
