// Turns a built IPv4 cluster into the dual-stack cluster kubeadm + Calico make when IPv6
// is enabled (https://kubernetes.io/docs/concepts/services-networking/dual-stack/,
// https://docs.tigera.io/calico/latest/networking/ipam/ipv6): every node gets an IPv6
// InternalIP and an IPv6 podCIDR, every pod-network pod a second entry in
// status.podIPs from the IPv6 pool, the chosen Services `ipFamilyPolicy:
// PreferDualStack` with a ClusterIP per family (and their EndpointSlice controller a
// second slice of addressType IPv6), and Calico an IPv6 IPPool (VXLAN: IP-in-IP is
// IPv4-only). Addresses are derived from the IPv4 ones so they read alike:
// pod 192.168.1.65 → fd00:10:244::1:65, node 10.0.0.11 → fd00:10:0::11, Service
// 10.96.0.20 → fd00:10:96::14 (same offset in the service range).

import { canonicalIP } from '../../model/ip';
import type { KubeObject } from '../../model/types';
import { uidFor } from './ids';
import { ipToInt } from './ip';
import { obj } from './meta';

export const POD_V6_POOL = 'fd00:10:244::/64';
export const SERVICE_V6_CIDR = 'fd00:10:96::/108';

const octets = (ip: string): string[] => ip.split('.');

export function podV6(ip: string): string {
  const [, , c, d] = octets(ip);
  return canonicalIP(`fd00:10:244::${c}:${d}`);
}

export function nodeV6(ip: string): string {
  const [, , c, d] = octets(ip);
  return canonicalIP(`fd00:10:${c}::${d}`);
}

/**
 * The IPv6 ClusterIP of an IPv4 one: the same offset into the service range. The API
 * server takes an IPv6 service range of at most 20 host bits (/108), as 10.96.0.0/12 has.
 */
export function serviceV6(ip: string): string {
  const offset = ipToInt(ip) - ipToInt('10.96.0.0');
  if (offset < 0 || offset >= 2 ** 20) throw new RangeError(`${ip} is outside 10.96.0.0/12`);
  return canonicalIP(`fd00:10:96::${(offset >>> 16).toString(16)}:${(offset & 0xffff).toString(16)}`);
}

function podCidrV6(cidr: string): string {
  const [, , c] = octets(cidr.split('/')[0]!);
  return canonicalIP(`fd00:10:244::${c}:0`) + '/112';
}

export interface DualStackOptions {
  /** Services (`ns/name`) that become dual-stack; the others stay SingleStack IPv4. */
  readonly services: readonly string[];
  /** Primary family of those Services (spec.ipFamilies[0]). */
  readonly primary: 'IPv4' | 'IPv6';
  /** vxlanMode of the IPv6 pool. */
  readonly vxlanMode?: 'Always' | 'CrossSubnet' | 'Never';
}

type Json = Record<string, unknown>;
const rec = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

export function dualStack(objects: readonly KubeObject[], o: DualStackOptions): KubeObject[] {
  const nodeIPs = new Map<string, string>();
  const sliceServices = new Set(o.services);
  const out: KubeObject[] = objects.map((x) => {
    const spec = rec((x as Json).spec);
    const status = rec((x as Json).status);
    switch (x.kind) {
      case 'Node': {
        const addresses = (status.addresses as Json[] | undefined) ?? [];
        const v4 = addresses.find((a) => a.type === 'InternalIP')?.address as string | undefined;
        if (!v4) return x;
        nodeIPs.set(x.metadata.name ?? '', v4);
        const v6 = nodeV6(v4);
        const podCIDR = spec.podCIDR as string | undefined;
        return {
          ...x,
          metadata: {
            ...x.metadata,
            annotations: { ...x.metadata.annotations, 'projectcalico.org/IPv6Address': `${v6}/64` },
          },
          spec: { ...spec, ...(podCIDR ? { podCIDRs: [podCIDR, podCidrV6(podCIDR)] } : {}) },
          status: {
            ...status,
            addresses: [
              ...addresses.filter((a) => a.type === 'InternalIP'),
              { address: v6, type: 'InternalIP' },
              ...addresses.filter((a) => a.type !== 'InternalIP'),
            ],
          },
        } as KubeObject;
      }
      case 'Pod': {
        const ip = status.podIP as string | undefined;
        if (!ip) return x;
        const hostNetwork = spec.hostNetwork === true;
        const hostIP = status.hostIP as string | undefined;
        const v6 = hostNetwork ? (hostIP ? nodeV6(hostIP) : undefined) : podV6(ip);
        return {
          ...x,
          status: {
            ...status,
            podIPs: [{ ip }, ...(v6 ? [{ ip: v6 }] : [])],
            ...(hostIP ? { hostIPs: [{ ip: hostIP }, { ip: nodeV6(hostIP) }] } : {}),
          },
        } as KubeObject;
      }
      case 'Service': {
        const key = `${x.metadata.namespace}/${x.metadata.name}`;
        const clusterIP = spec.clusterIP as string | undefined;
        if (!sliceServices.has(key) || !clusterIP) return x;
        const v6 = clusterIP === 'None' ? 'None' : serviceV6(clusterIP);
        const ips = o.primary === 'IPv6' ? [v6, clusterIP] : [clusterIP, v6];
        return {
          ...x,
          spec: {
            ...spec,
            clusterIP: ips[0],
            clusterIPs: clusterIP === 'None' ? ['None'] : ips,
            ipFamilies: o.primary === 'IPv6' ? ['IPv6', 'IPv4'] : ['IPv4', 'IPv6'],
            ipFamilyPolicy: 'PreferDualStack',
          },
        } as KubeObject;
      }
      case 'Installation': {
        const net = rec(spec.calicoNetwork);
        const pools = (net.ipPools as Json[] | undefined) ?? [];
        return {
          ...x,
          spec: {
            ...spec,
            calicoNetwork: {
              ...net,
              ipPools: [
                ...pools,
                {
                  allowedUses: ['Workload', 'Tunnel'],
                  blockSize: 122,
                  cidr: POD_V6_POOL,
                  encapsulation: o.vxlanMode === 'Never' ? 'None' : 'VXLAN',
                  name: 'default-ipv6-ippool',
                  natOutgoing: 'Disabled',
                  nodeSelector: 'all()',
                },
              ],
              nodeAddressAutodetectionV6: { firstFound: true },
            },
          },
        } as KubeObject;
      }
      default:
        return x;
    }
  });
  // The EndpointSlice controller writes one slice per address family of a dual-stack Service.
  const v6Slices = objects.flatMap((x): KubeObject[] => {
    if (x.kind !== 'EndpointSlice' || (x as Json).addressType !== 'IPv4') return [];
    const svc = x.metadata.labels?.['kubernetes.io/service-name'];
    if (!svc || !sliceServices.has(`${x.metadata.namespace}/${svc}`)) return [];
    const endpoints = (((x as Json).endpoints as Json[] | undefined) ?? []).map((e) => ({
      ...e,
      addresses: ((e.addresses as string[] | undefined) ?? []).map(podV6),
    }));
    return [
      {
        ...x,
        metadata: {
          ...x.metadata,
          name: `${x.metadata.name}-v6`,
          uid: uidFor(`slice-v6:${x.metadata.namespace}/${x.metadata.name}`),
        },
        addressType: 'IPv6',
        endpoints,
      } as KubeObject,
    ];
  });
  const pool = obj(
    'projectcalico.org/v3',
    'IPPool',
    {
      name: 'default-ipv6-ippool',
      createdAt: 11,
      labels: { 'app.kubernetes.io/managed-by': 'tigera-operator' },
    },
    {
      spec: {
        allowedUses: ['Workload', 'Tunnel'],
        blockSize: 122,
        cidr: POD_V6_POOL,
        ipipMode: 'Never',
        vxlanMode: o.vxlanMode ?? 'Always',
        natOutgoing: false,
        nodeSelector: 'all()',
      },
    },
  );
  const hasCalico = objects.some((x) => x.kind === 'IPPool');
  return [...out, ...v6Slices, ...(hasCalico ? [pool] : [])];
}
