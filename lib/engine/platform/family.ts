// Dual-stack: the view of a cluster that one address family's data plane sees.
// A dual-stack cluster runs two data planes side by side (Kubernetes docs, "IPv4/IPv6
// dual-stack"): every pod, node and Service has an address per family, kube-proxy
// programs each family in its own tables (iptables / ip6tables, `table ip` / `table ip6`
// kube-proxy, the IPVS virtual servers of each family) from the EndpointSlices of that
// addressType only (kubernetes pkg/proxy/endpointschangetracker.go
// EndpointSliceUpdate ignores slices of the other addressType), and the CNI routes or tunnels each family by its own IP pool. So an IPv6 trace
// is the IPv4 tracer run over a model whose address lists put IPv6 first and whose
// EndpointSlices are the IPv6 ones: every hop then picks the IPv6 address, chain, pool
// and overhead, and nothing in the tracer has to thread a family through.

import { indexModel } from '../../model/index-model';
import { cidrFamily, type IPFamily } from '../../model/ip';
import type { ClusterModel, NodeInfo, Pod, Service } from '../../model/types';
import { familiesOf, ipFamily } from '../net/ip';

const views = new WeakMap<ClusterModel, Map<IPFamily, ClusterModel>>();
const viewFamily = new WeakMap<ClusterModel, IPFamily>();

/** `ips` with the addresses of `family` first, order otherwise kept. */
function familyFirst(ips: readonly string[], family: IPFamily): string[] {
  return [...ips.filter((ip) => ipFamily(ip) === family), ...ips.filter((ip) => ipFamily(ip) !== family)];
}

const usesIPv6 = new WeakMap<ClusterModel, boolean>();

/**
 * True when any pod, node or Service address is IPv6 (a dual-stack or IPv6 cluster).
 * Scans the model once and caches the answer, so a trace does not scan the cluster.
 */
export function hasIPv6(model: ClusterModel): boolean {
  let hit = usesIPv6.get(model);
  if (hit === undefined) usesIPv6.set(model, (hit = scanIPv6(model)));
  return hit;
}

function scanIPv6(model: ClusterModel): boolean {
  for (const n of model.nodes.values()) if (familiesOf(n.internalIPs).includes('IPv6')) return true;
  for (const s of model.services.values()) if (familiesOf(s.clusterIPs).includes('IPv6')) return true;
  for (const p of model.pods.values()) if (familiesOf(p.ips).includes('IPv6')) return true;
  return false;
}

/**
 * The family the cluster is traced in by default: the first family of the nodes'
 * InternalIPs (IPv4 for a cluster without addresses). An IPv6-primary dual-stack
 * cluster lists IPv6 first everywhere.
 */
export function primaryFamily(model: ClusterModel): IPFamily {
  for (const n of model.nodes.values()) {
    const f = familiesOf(n.internalIPs)[0];
    if (f) return f;
  }
  for (const p of model.pods.values()) {
    const f = familiesOf(p.ips)[0];
    if (f) return f;
  }
  return 'IPv4';
}

/** The family `model` stands for: the view's family, else the cluster's primary family. */
export function modelFamily(model: ClusterModel): IPFamily {
  return viewFamily.get(model) ?? primaryFamily(model);
}

/** The Service's families, primary first: spec.ipFamilies, else its clusterIPs' families. */
export function serviceFamilies(svc: Service): readonly IPFamily[] {
  if (svc.ipFamilies && svc.ipFamilies.length > 0) return svc.ipFamilies;
  return familiesOf(svc.clusterIPs);
}

/**
 * The model as `family`'s data plane sees it. A cluster with only IPv4 addresses is
 * returned unchanged for IPv4 (no copy, same caches); otherwise one view per family is
 * built once and cached by model identity.
 */
export function familyView(model: ClusterModel, family: IPFamily): ClusterModel {
  if (family === 'IPv4' && !hasIPv6(model)) return model;
  let byFamily = views.get(model);
  if (!byFamily) views.set(model, (byFamily = new Map()));
  const hit = byFamily.get(family);
  if (hit) return hit;
  const pods: Pod[] = [...model.pods.values()].map((p) => ({ ...p, ips: familyFirst(p.ips, family) }));
  const nodes: NodeInfo[] = [...model.nodes.values()].map((n) => ({
    ...n,
    internalIPs: familyFirst(n.internalIPs, family),
    externalIPs: familyFirst(n.externalIPs, family),
    podCIDRs: [
      ...n.podCIDRs.filter((c) => cidrFamily(c) === family),
      ...n.podCIDRs.filter((c) => cidrFamily(c) !== family),
    ],
  }));
  const services: Service[] = [...model.services.values()].map((s) => ({
    ...s,
    clusterIPs: familyFirst(s.clusterIPs, family),
    externalIPs: familyFirst(s.externalIPs, family),
    loadBalancerIngress: [...s.loadBalancerIngress].sort((a, b) => rank(a.ip, family) - rank(b.ip, family)),
  }));
  // kube-proxy of one family reads only the EndpointSlices of that addressType.
  const endpointSlices = model.endpointSlices.filter((s) => s.addressType === family);
  const view = indexModel(
    {
      namespaces: [...model.namespaces.values()],
      nodes,
      pods,
      services,
      endpointSlices,
      networkPolicies: model.networkPolicies,
      adminPolicies: model.adminPolicies,
      ...(model.baselinePolicy ? { baselinePolicy: model.baselinePolicy } : {}),
    },
    model.meta,
    model.settings,
    model.objectsByKind,
    model.warnings,
  );
  viewFamily.set(view, family);
  byFamily.set(family, view);
  return view;
}

function rank(ip: string | undefined, family: IPFamily): number {
  return ip !== undefined && ipFamily(ip) === family ? 0 : 1;
}
