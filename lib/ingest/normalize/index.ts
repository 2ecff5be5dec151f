// Validated objects → model entities: pods (live and synthesized), namespaces,
// nodes, services, endpoint slices, NetworkPolicies and admin policies.

import type { ModelEntities } from '../../model/index-model';
import { objectKey } from '../../model/keys';
import type { AdminNetworkPolicy, EndpointSlice, IngestWarning, KubeObject, Pod } from '../../model/types';
import { isCalicoPolicyObject, qualifiedKind } from '../calico/api-group';
import { buildCalicoModel } from '../calico/objects';
import { CLUSTER_SCOPED_KINDS, KNOWN_KINDS, type LocatedObject } from '../validate';
import { normalizeNamespaces, normalizeNode } from './cluster';
import { deriveSlices, normalizeEndpointSlice, slicesFromEndpoints } from './endpoints';
import { normalizeAdminPolicy, normalizeNetworkPolicy } from './policies';
import { normalizeCIDRGroup, normalizeCiliumPolicy } from './cilium';
import { normalizeClusterNetworkPolicy } from './cluster-netpol';
import { wrongGroup } from '../validate/groups';
import { normalizePod } from './pods';
import { normalizeService } from './services';
import { byString, nameOf, namespaceOf } from './util';
import { ownedWorkloads, synthesizePods, WORKLOAD_KINDS } from './workloads';

/** Builds the entities. Expects validated objects with duplicates already removed. */
export function normalizeObjects(items: readonly LocatedObject[]): {
  entities: ModelEntities;
  warnings: IngestWarning[];
} {
  const warnings: IngestWarning[] = [];
  const byKind = new Map<string, LocatedObject[]>();
  const calicoItems: LocatedObject[] = [];
  for (const item of items) {
    // Calico objects are told apart by API group: a projectcalico.org NetworkPolicy is not a Kubernetes one.
    if (isCalicoPolicyObject(item.object)) {
      calicoItems.push(item);
      continue;
    }
    // Other kinds read from one API group only (Cilium, ClusterNetworkPolicy): the same kind elsewhere is not theirs.
    if (wrongGroup(item.object)) continue;
    const list = byKind.get(item.object.kind);
    if (list) list.push(item);
    else byKind.set(item.object.kind, [item]);
  }
  const of = (kind: string) => byKind.get(kind) ?? [];

  const pods: Pod[] = of('Pod').map(({ object, origin }) => normalizePod(object, origin));
  const workloads = items.filter((i) => WORKLOAD_KINDS.has(i.object.kind));
  const owned = ownedWorkloads(
    of('Pod').map((i) => i.object),
    workloads.map((i) => i.object),
  );
  const synthesized = synthesizePods(workloads, owned, new Set(pods.map((p) => p.key)));
  if (synthesized.length > 0) {
    const names = synthesized.slice(0, 10).map((p) => `${p.namespace}/${p.name}[${p.workload.kind}]`);
    warnings.push({
      code: 'SYNTHESIZED_PODS',
      message: `${synthesized.length} workload${synthesized.length === 1 ? '' : 's'} without live pods stand for the pods they would create: ${names.join(', ')}${synthesized.length > 10 ? ', ...' : ''}`,
    });
  }
  pods.push(...synthesized);

  const services = of('Service').map(({ object, origin }) => normalizeService(object, origin));
  const slices: EndpointSlice[] = of('EndpointSlice').map(({ object }) => normalizeEndpointSlice(object));
  const withSlices = new Set(slices.map((s) => objectKey(s.namespace, s.serviceName)));
  for (const { object } of of('Endpoints')) {
    if (!withSlices.has(objectKey(namespaceOf(object), nameOf(object))))
      slices.push(...slicesFromEndpoints(object));
  }
  const covered = new Set(slices.map((s) => objectKey(s.namespace, s.serviceName)));
  const podsByNamespace = new Map<string, Pod[]>();
  for (const p of [...pods].sort((a, b) => byString(a.key, b.key))) {
    const list = podsByNamespace.get(p.namespace);
    if (list) list.push(p);
    else podsByNamespace.set(p.namespace, [p]);
  }
  for (const svc of services) {
    if (!covered.has(svc.key)) slices.push(...deriveSlices(svc, podsByNamespace.get(svc.namespace) ?? []));
  }

  const adminPolicies: AdminNetworkPolicy[] = of('AdminNetworkPolicy').map(({ object, origin }) =>
    normalizeAdminPolicy(object, origin),
  );
  const baselines = of('BaselineAdminNetworkPolicy')
    .map(({ object, origin }) => normalizeAdminPolicy(object, origin))
    .sort((a, b) => (a.name === 'default' ? -1 : b.name === 'default' ? 1 : byString(a.name, b.name)));
  if (baselines.length > 1) {
    warnings.push({
      code: 'DUPLICATE_OBJECT',
      message: `${baselines.length} BaselineAdminNetworkPolicies; a cluster has one (named "default"): using "${baselines[0]!.name}"`,
      ref: { kind: 'BaselineAdminNetworkPolicy', name: baselines[0]!.name },
    });
  }

  // ClusterNetworkPolicy: Admin tier beside the ANPs (sorted by priority when indexed),
  // Baseline tier before the BANP.
  const clusterPolicies = of('ClusterNetworkPolicy').map(({ object, origin }) =>
    normalizeClusterNetworkPolicy(object, origin),
  );
  adminPolicies.push(...clusterPolicies.filter((p) => p.tier === 'admin'));
  const baselineClusterPolicies = clusterPolicies.filter((p) => p.tier === 'baseline');
  const cidrGroups = of('CiliumCIDRGroup').map(({ object }) => normalizeCIDRGroup(object));
  const ciliumPolicies = [...of('CiliumNetworkPolicy'), ...of('CiliumClusterwideNetworkPolicy')].flatMap(
    ({ object, origin }) => normalizeCiliumPolicy(object, origin, cidrGroups, warnings),
  );

  const used = new Set<string>();
  for (const { object } of items) {
    if (KNOWN_KINDS.has(object.kind) && !CLUSTER_SCOPED_KINDS.has(object.kind)) used.add(namespaceOf(object));
  }

  const entities: ModelEntities = {
    namespaces: normalizeNamespaces(
      of('Namespace').map((i) => i.object),
      [...used].sort(byString),
    ),
    nodes: of('Node').map(({ object, origin }) => normalizeNode(object, origin)),
    pods,
    services,
    endpointSlices: slices,
    networkPolicies: of('NetworkPolicy').map(({ object, origin }) => normalizeNetworkPolicy(object, origin)),
    adminPolicies,
    ...(baselines[0] ? { baselinePolicy: baselines[0] } : {}),
    ...(baselineClusterPolicies.length ? { baselineClusterPolicies } : {}),
    ...(ciliumPolicies.length ? { ciliumPolicies } : {}),
  };
  const calico = buildCalicoModel(
    calicoItems,
    of('ServiceAccount').map((i) => i.object),
  );
  if (calico) (entities as { calico?: typeof calico }).calico = calico;
  return { entities, warnings };
}

/** `Kind namespace/name` identity for duplicate detection (cluster-scoped kinds have no namespace). */
export function identityOf(o: KubeObject): string {
  const ns = CLUSTER_SCOPED_KINDS.has(o.kind) ? '' : namespaceOf(o);
  return `${qualifiedKind(o)} ${ns ? `${ns}/` : ''}${nameOf(o)}`;
}
