// Telling Calico objects from Kubernetes ones by API group, not kind: a
// `projectcalico.org/v3` NetworkPolicy is not a `networking.k8s.io/v1` one.

import type { CalicoApiGroup, KubeObject } from '../../model';

/** Kinds read from the Calico API groups (projectcalico.org/v3 and crd.projectcalico.org/v1). */
export const CALICO_POLICY_KINDS: ReadonlySet<string> = new Set([
  'NetworkPolicy',
  'GlobalNetworkPolicy',
  'Tier',
  'Profile',
  'HostEndpoint',
  'GlobalNetworkSet',
  'NetworkSet',
]);

/** Cluster-scoped Calico policy kinds. */
export const CALICO_CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'GlobalNetworkPolicy',
  'Tier',
  'Profile',
  'HostEndpoint',
  'GlobalNetworkSet',
]);

/** The Calico group of `apiVersion`, or undefined for any other group. */
export function calicoGroupOf(apiVersion: unknown): CalicoApiGroup | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const group = apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '';
  return group === 'projectcalico.org' || group === 'crd.projectcalico.org' ? group : undefined;
}

/** The object is one of the Calico policy kinds, in a Calico API group. */
export function isCalicoPolicyObject(o: Pick<KubeObject, 'apiVersion' | 'kind'>): boolean {
  return CALICO_POLICY_KINDS.has(o.kind) && calicoGroupOf(o.apiVersion) !== undefined;
}

/** Kind name qualified with its group when Calico (`NetworkPolicy.projectcalico.org`), for identities. */
export function qualifiedKind(o: Pick<KubeObject, 'apiVersion' | 'kind'>): string {
  return isCalicoPolicyObject(o) ? `${o.kind}.projectcalico.org` : o.kind;
}
