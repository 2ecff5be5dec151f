// The policies of each tier that select a pod for a direction, memoised per
// (model, direction, namespace, labels): every pod with the same namespace and labels
// is selected by the same policies, so a replica set costs one lookup.

import type {
  AdminNetworkPolicy,
  ClusterModel,
  NetworkPolicy,
  Pod,
  PolicyDirection,
} from '../../model/types';
import { adminSubjectSelects, policySelectsPod } from './peers';

export interface SelectingPolicies {
  /** AdminNetworkPolicies selecting the pod with rules for the direction, by priority. */
  readonly admin: readonly AdminNetworkPolicy[];
  /** NetworkPolicies selecting the pod for the direction (the pod is isolated if any). */
  readonly networkPolicies: readonly NetworkPolicy[];
  /** The BaselineAdminNetworkPolicy when it selects the pod with rules for the direction. */
  readonly baseline?: AdminNetworkPolicy;
  /** Baseline-tier ClusterNetworkPolicies selecting the pod with rules for the direction, by priority. */
  readonly baselineCluster?: readonly AdminNetworkPolicy[];
}

const caches = new WeakMap<ClusterModel, Map<string, SelectingPolicies>>();
const labelKeys = new WeakMap<Pod, string>();

/** Stable key of a pod's labels (sorted keys). */
export function labelsKey(pod: Pod): string {
  let key = labelKeys.get(pod);
  if (key === undefined) {
    key = JSON.stringify(Object.entries(pod.labels).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    // Cilium selects by service account too (io.cilium.k8s.policy.serviceaccount).
    if (pod.serviceAccount !== undefined) key += `\u0000sa=${pod.serviceAccount}`;
    labelKeys.set(pod, key);
  }
  return key;
}

function rulesFor(policy: AdminNetworkPolicy, direction: PolicyDirection) {
  return direction === 'Ingress' ? policy.ingress : policy.egress;
}

/** Policies of every tier selecting `pod` for `direction` (uses the namespace index). */
export function selectingPolicies(
  model: ClusterModel,
  pod: Pod,
  direction: PolicyDirection,
): SelectingPolicies {
  let cache = caches.get(model);
  if (!cache) caches.set(model, (cache = new Map()));
  const key = `${direction}\u0000${pod.namespace}\u0000${labelsKey(pod)}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const inNamespace = model.index.policiesByNamespace.get(pod.namespace) ?? [];
  const base = model.baselinePolicy;
  const result: SelectingPolicies = {
    admin: model.adminPolicies.filter(
      (p) => rulesFor(p, direction).length > 0 && adminSubjectSelects(model, p, pod),
    ),
    networkPolicies: inNamespace.filter((p) => policySelectsPod(p, pod, direction)),
    baseline:
      base && rulesFor(base, direction).length > 0 && adminSubjectSelects(model, base, pod)
        ? base
        : undefined,
    ...(model.baselineClusterPolicies
      ? {
          baselineCluster: model.baselineClusterPolicies.filter(
            (p) => rulesFor(p, direction).length > 0 && adminSubjectSelects(model, p, pod),
          ),
        }
      : {}),
  };
  cache.set(key, result);
  return result;
}
