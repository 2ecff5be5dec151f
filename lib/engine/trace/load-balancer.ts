// The load-balancer hop: who owns the address (cloud or MetalLB pool), whether it is
// announced (L2Advertisement / BGPAdvertisement), and which node receives the traffic.

import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Service } from '../../model/types';
import type { Evidence } from '../types';
import { optionalPool, reservedPool } from '../platform/lb-pool';
import { addressEntryContains, firstAddress } from '../platform/net';
import { objectsOf, str } from '../platform/read';
import type { MetalLBPool } from '../platform/types';
import type { TraceContext } from './context';
import type { Backend } from './endpoints';

const POOL_ANNOTATIONS = ['metallb.universe.tf/address-pool', 'metallb.io/address-pool'];

export interface LbArrival {
  readonly ip: string;
  readonly node: string;
  /** MetalLB L2: this one node receives all the traffic for the address. */
  readonly single: boolean;
}

function svcEv(svc: Service, field: string, value: string): Evidence {
  return { kind: 'Service', namespace: svc.namespace, name: svc.name, field, value };
}

function poolEv(pool: MetalLBPool): Evidence {
  return pool.kind === 'IPAddressPool'
    ? {
        kind: 'IPAddressPool',
        namespace: pool.namespace,
        name: pool.name,
        field: 'spec.addresses',
        value: pool.addresses.join(','),
      }
    : {
        kind: 'ConfigMap',
        namespace: pool.namespace,
        name: 'config',
        field: `data.config address-pools[${pool.name}]`,
        value: pool.addresses.join(','),
      };
}

/** The pool that owns `ip`, or the pool MetalLB would assign from (annotation, else first auto-assign pool). */
function poolFor(ctx: TraceContext, svc: Service, ip: string | undefined): MetalLBPool | undefined {
  const pools = ctx.platform.metallb.pools;
  if (ip) return pools.find((p) => p.addresses.some((a) => addressEntryContains(a, ip)));
  const wanted = POOL_ANNOTATIONS.map((a) => svc.annotations[a]).find(Boolean);
  return wanted ? pools.find((p) => p.name === wanted) : pools.find((p) => p.autoAssign);
}

/** The node MetalLB L2 elected for the service (ServiceL2Status), when the snapshot has it. */
function electedNode(ctx: TraceContext, svc: Service): string | undefined {
  const status = objectsOf(ctx.model, 'ServiceL2Status').find(
    (s) => str(s, 'status.serviceName') === svc.name && str(s, 'status.serviceNamespace') === svc.namespace,
  );
  return status ? str(status, 'status.node') : undefined;
}

/**
 * MetalLB's L2 election (speaker/layer2_controller.go ShouldAnnounce): the eligible nodes
 * (with externalTrafficPolicy Local only those with a ready endpoint) sorted by
 * sha256(node + "#" + ip); the first one announces.
 */
export function l2Winner(eligible: readonly string[], ip: string): string | undefined {
  // Equal-length lower-case hex orders as the digests' bytes do (Go's bytes.Compare).
  const key = new Map(eligible.map((node) => [node, bytesToHex(sha256(utf8ToBytes(`${node}#${ip}`)))]));
  return [...eligible].sort((a, b) => (key.get(a)! < key.get(b)! ? -1 : 1))[0];
}

/** Adds the load-balancer hop. Returns where the traffic lands, or undefined when it cannot. */
export function loadBalancerHop(
  ctx: TraceContext,
  svc: Service,
  requestedIP: string | undefined,
  backends: readonly Backend[],
): LbArrival | undefined {
  const { platform, path, model } = ctx;
  const assigned = svc.loadBalancerIngress.find((i) => i.ip)?.ip;
  const wanted = requestedIP ?? assigned ?? svc.loadBalancerIP;
  const pool = platform.metallb.installed ? poolFor(ctx, svc, wanted) : undefined;
  const ip = wanted ?? (pool ? firstAddress(pool.addresses[0] ?? '') : undefined);
  // kubeadm marks control-plane nodes so load balancers (and MetalLB speakers) leave them out.
  const readyNodes = [...model.nodes.values()]
    .filter((n) => n.ready && !('node.kubernetes.io/exclude-from-external-load-balancers' in n.labels))
    .map((n) => n.name);
  const endpointNodes = [...new Set(backends.filter((b) => b.ready && b.node).map((b) => b.node!))].sort();
  const candidates =
    svc.externalTrafficPolicy === 'Local' && endpointNodes.length
      ? endpointNodes
      : readyNodes.length
        ? readyNodes
        : [...model.nodes.keys()];
  const mode = pool?.advertisedBy.some((a) => a.mode === 'l2')
    ? 'l2'
    : pool?.advertisedBy.length
      ? 'bgp'
      : undefined;
  const recorded = mode === 'l2' ? electedNode(ctx, svc) : undefined;
  // A recorded announcer that is no longer eligible (a what-if switched the Service to eTP
  // Local, or the snapshot's status is stale) is not who announces: MetalLB elects again.
  const elected = recorded !== undefined && candidates.includes(recorded) ? recorded : undefined;
  const computed = mode === 'l2' && elected === undefined && ip ? l2Winner(candidates, ip) : undefined;
  const node = elected ?? computed ?? candidates[0] ?? '(no node)';
  const provider = pool
    ? `MetalLB ${mode === 'l2' ? 'L2' : mode === 'bgp' ? 'BGP' : '(not advertised)'}`
    : platform.lbProvider.kind === 'cloud'
      ? `${platform.lbProvider.cloud} load balancer`
      : 'load balancer';
  const id = path.add({
    kind: 'load-balancer',
    label: `${provider} ${ip ?? '<pending>'}`,
    src: ctx.packet.src,
    dst: ip ?? '<pending>',
    explain: pool
      ? mode === 'l2'
        ? `${node} answers ARP for ${ip} on the node network (MetalLB L2), so all traffic for ${svc.key} enters through it.`
        : mode === 'bgp'
          ? `MetalLB announces ${ip} over BGP from the nodes; the router spreads flows across them (this trace enters at ${node}).`
          : `MetalLB took ${ip} from pool ${pool.name}, but nothing announces it.`
      : platform.lbProvider.kind === 'cloud'
        ? `The ${platform.lbProvider.cloud} load balancer forwards ${ip ?? 'its address'} to the nodes (this trace enters at ${node}).`
        : `${svc.key} is type LoadBalancer${ip ? ` with address ${ip}` : ''}.`,
    facts: {
      provider,
      ...(ip
        ? {
            address: wanted
              ? ip
              : `${ip} (assumed: no status.loadBalancer; the first address of pool ${pool?.name ?? '?'}; MetalLB assigns the lowest free one)`,
          }
        : {}),
      ...(pool ? { pool: `${pool.namespace}/${pool.name}` } : {}),
      'receiving node':
        computed !== undefined
          ? `${node} (MetalLB's election among ${candidates.length} eligible node${candidates.length === 1 ? '' : 's'}: first by sha256(node#ip)${recorded ? `; ServiceL2Status names ${recorded}, which is not eligible` : ''})`
          : node,
      externalTrafficPolicy: svc.externalTrafficPolicy,
    },
    refs: [{ kind: 'Service', namespace: svc.namespace, name: svc.name }],
  });
  if (!ip || (!assigned && !pool && platform.lbProvider.kind !== 'cloud')) {
    const reserved = platform.metallb.installed
      ? reservedPool(platform.metallb.pools, svc.annotations)
      : undefined;
    const why = reserved
      ? `MetalLB's pool ${reserved.namespace}/${reserved.name} has autoAssign: false, so it assigns only to Services that request it (annotation metallb.io/address-pool), and ${svc.key} requests no pool.`
      : platform.metallb.installed
        ? 'MetalLB is installed but no IPAddressPool can assign an address (none exists, none has autoAssign, or the requested pool is missing).'
        : platform.lbProvider.kind === 'cloud'
          ? `the ${platform.lbProvider.cloud} cloud controller has not assigned one (check its events).`
          : 'no cloud provider (nodes carry no spec.providerID) and no MetalLB (no IPAddressPool, no metallb-system speaker): nothing assigns LoadBalancer addresses on bare metal.';
    path.raise(
      id,
      'LB_PENDING',
      {
        service: svc.key,
        why,
        ...optionalPool(ctx.model),
        ...(reserved ? { reservedPool: { name: reserved.name, namespace: reserved.namespace } } : {}),
      },
      [
        svcEv(svc, 'status.loadBalancer.ingress', '[]'),
        ...(reserved
          ? [
              {
                kind: 'IPAddressPool',
                namespace: reserved.namespace,
                name: reserved.name,
                field: 'spec.autoAssign',
                value: 'false',
              },
              svcEv(svc, 'metadata.annotations["metallb.io/address-pool"]', '(unset)'),
            ]
          : []),
        ...platform.lbProvider.evidence,
        ...platform.metallb.evidence,
      ],
    );
    path.drop(id, true);
    return undefined;
  }
  if (pool && pool.advertisedBy.length === 0) {
    path.raise(
      id,
      'METALLB_NOT_ADVERTISED',
      { service: svc.key, ip, pool: pool.name, poolNamespace: pool.namespace },
      [
        poolEv(pool),
        {
          kind: 'L2Advertisement',
          namespace: pool.namespace,
          name: '(none)',
          field: 'spec.ipAddressPools',
          value: `no advertisement selects ${pool.name}`,
        },
        svcEv(svc, 'status.loadBalancer.ingress[0].ip', ip),
      ],
    );
    path.drop(id, true);
    return undefined;
  }
  if (mode === 'l2') {
    const adv = pool!.advertisedBy.find((a) => a.mode === 'l2')!;
    path.raise(id, 'METALLB_L2_SINGLE_NODE', { service: svc.key, ip, node, elected: elected !== undefined }, [
      poolEv(pool!),
      {
        kind: adv.kind,
        namespace: pool!.namespace,
        name: adv.name,
        field: 'spec.ipAddressPools',
        value: pool!.name,
      },
    ]);
    const kp = platform.kubeProxy;
    if (kp.mode === 'ipvs' && !kp.strictARP) path.raise(id, 'IPVS_STRICT_ARP_REQUIRED', { ip }, kp.evidence);
  }
  return { ip, node, single: mode === 'l2' };
}
