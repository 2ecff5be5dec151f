// Objects are told apart by API group, not only by kind: a kind name is not unique
// across APIs (Calico's projectcalico.org/v3 NetworkPolicy, several ClusterNetworkPolicy
// CRDs). Kinds listed here are read only from these groups; an object of the same kind
// from another group is reported as IGNORED_KIND instead of being misread.

/** Kind → API groups it is read from. */
export const KIND_GROUPS: Readonly<Record<string, readonly string[]>> = {
  CiliumNetworkPolicy: ['cilium.io'],
  CiliumClusterwideNetworkPolicy: ['cilium.io'],
  CiliumCIDRGroup: ['cilium.io'],
  ClusterNetworkPolicy: ['policy.networking.k8s.io'],
};

/** The group of an apiVersion (`cilium.io/v2` → `cilium.io`, `v1` → ''). */
export function groupOf(apiVersion: unknown): string | undefined {
  if (typeof apiVersion !== 'string') return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * The group the object should have when it is not one we read, else undefined. An
 * object without apiVersion (hand-written test data, typed list items) is accepted.
 */
export function wrongGroup(object: {
  readonly kind: string;
  readonly apiVersion?: unknown;
}): readonly string[] | undefined {
  const groups = KIND_GROUPS[object.kind];
  if (!groups) return undefined;
  const group = groupOf(object.apiVersion);
  return group === undefined || groups.includes(group) ? undefined : groups;
}
