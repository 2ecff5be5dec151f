// MetalLB ≥ 0.13 (IPAddressPool, L2Advertisement, BGPAdvertisement) and the legacy
// ConfigMap metallb-system/config (0.12 and older), plus the cloud-provider check that
// decides whether anything would assign a LoadBalancer address.

import { parse } from 'yaml';
import type { ClusterModel, KubeObject, LabelSelector } from '../../model/types';
import type { Evidence } from '../types';
import type { LoadBalancerProvider, MetalLBInfo, MetalLBPool } from './types';
import { at, bool, dataKey, ev, findObject, list, objectsOf, str } from './read';

function selectorMatches(selector: LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const req of selector.matchExpressions ?? []) {
    const has = req.key in labels;
    const value = labels[req.key];
    const inValues = value !== undefined && (req.values ?? []).includes(value);
    if (req.operator === 'In' && !inValues) return false;
    if (req.operator === 'NotIn' && inValues) return false;
    if (req.operator === 'Exists' && !has) return false;
    if (req.operator === 'DoesNotExist' && has) return false;
  }
  return true;
}

/** Whether an advertisement selects the pool: by name, by label selector, or all pools when neither is set. */
function advertises(adv: KubeObject, pool: KubeObject): boolean {
  const names = list(adv, 'spec.ipAddressPools').filter((n): n is string => typeof n === 'string');
  const selectors = list(adv, 'spec.ipAddressPoolSelectors') as LabelSelector[];
  if (names.length === 0 && selectors.length === 0) return true;
  if (names.includes(pool.metadata.name ?? '')) return true;
  return selectors.some((s) => selectorMatches(s, pool.metadata.labels ?? {}));
}

function legacyPools(cm: KubeObject): MetalLBPool[] {
  let config: unknown;
  try {
    config = parse(dataKey(cm, 'config') ?? '') as unknown;
  } catch {
    return [];
  }
  return list(config, 'address-pools').map((p) => {
    const protocol = str(p, 'protocol') === 'bgp' ? 'bgp' : 'l2';
    return {
      name: str(p, 'name') ?? 'default',
      namespace: cm.metadata.namespace ?? 'metallb-system',
      kind: 'ConfigMap' as const,
      addresses: list(p, 'addresses').filter((a): a is string => typeof a === 'string'),
      autoAssign: at(p, 'auto-assign') !== false,
      labels: {},
      advertisedBy: [{ kind: 'ConfigMap' as const, name: cm.metadata.name ?? 'config', mode: protocol }],
    };
  });
}

export function detectMetalLB(model: ClusterModel): MetalLBInfo {
  const poolObjs = objectsOf(model, 'IPAddressPool');
  const l2 = objectsOf(model, 'L2Advertisement');
  const bgp = objectsOf(model, 'BGPAdvertisement');
  const legacy = findObject(model, 'ConfigMap', 'config', 'metallb-system');
  const evidence: Evidence[] = [];
  const pools: MetalLBPool[] = poolObjs.map((p) => {
    evidence.push(ev(p, 'spec.addresses', list(p, 'spec.addresses').join(',')));
    return {
      name: p.metadata.name ?? '',
      namespace: p.metadata.namespace ?? 'metallb-system',
      kind: 'IPAddressPool',
      addresses: list(p, 'spec.addresses').filter((a): a is string => typeof a === 'string'),
      autoAssign: bool(p, 'spec.autoAssign') !== false,
      labels: p.metadata.labels ?? {},
      advertisedBy: [
        ...l2
          .filter((a) => advertises(a, p))
          .map((a) => ({
            kind: 'L2Advertisement' as const,
            name: a.metadata.name ?? '',
            mode: 'l2' as const,
          })),
        ...bgp
          .filter((a) => advertises(a, p))
          .map((a) => ({
            kind: 'BGPAdvertisement' as const,
            name: a.metadata.name ?? '',
            mode: 'bgp' as const,
          })),
      ],
    };
  });
  if (legacy) {
    pools.push(...legacyPools(legacy));
    evidence.push(ev(legacy, 'data.config', 'address-pools'));
  }
  const installed =
    pools.length > 0 ||
    l2.length > 0 ||
    bgp.length > 0 ||
    findObject(model, 'DaemonSet', 'speaker', 'metallb-system') !== undefined ||
    model.namespaces.has('metallb-system');
  return { installed, pools, evidence };
}

const CLOUDS: ReadonlyArray<readonly [string, string]> = [
  ['aws://', 'AWS'],
  ['gce://', 'GCP'],
  ['azure://', 'Azure'],
  ['digitalocean://', 'DigitalOcean'],
  ['openstack://', 'OpenStack'],
  ['hcloud://', 'Hetzner Cloud'],
  ['linode://', 'Linode'],
  ['oci://', 'Oracle Cloud'],
];

export function detectLbProvider(model: ClusterModel, metallb: MetalLBInfo): LoadBalancerProvider {
  for (const node of objectsOf(model, 'Node')) {
    const providerID = str(node, 'spec.providerID') ?? '';
    const cloud = CLOUDS.find(([prefix]) => providerID.startsWith(prefix));
    if (cloud) return { kind: 'cloud', cloud: cloud[1], evidence: [ev(node, 'spec.providerID', providerID)] };
  }
  if (metallb.installed) return { kind: 'metallb', evidence: metallb.evidence };
  return { kind: 'none', evidence: [] };
}
