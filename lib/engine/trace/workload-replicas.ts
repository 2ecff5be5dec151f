// The pods of a workload endpoint (deploy:, sts:, ds:, rs:, job:), found through
// ownerReferences: a Pod's controller is its ReplicaSet / StatefulSet / DaemonSet / Job,
// and a Deployment's ReplicaSets name the Deployment as their controller
// (https://kubernetes.io/docs/concepts/overview/working-with-objects/owners-dependents/).
// A dump without the ReplicaSets still ties a pod to its Deployment: the ReplicaSet is
// always named `[DEPLOYMENT-NAME]-[HASH]`, the HASH being the pod's `pod-template-hash`
// label (https://kubernetes.io/docs/concepts/workloads/controllers/deployment/).
// A manifest workload stands for its own synthesized pod (lib/ingest/normalize/workloads.ts).

import { workloadKey } from '../../model/keys';
import type { ClusterModel, KubeObject, Pod } from '../../model/types';
import type { ParsedEndpoint } from './endpoint';
import { endpointText } from './endpoint';
import { EndpointError } from './errors';
import { suggest } from './resolve';

type WorkloadEndpoint = Extract<ParsedEndpoint, { type: 'workload' }>;

function controllerIs(o: KubeObject, kind: string, name: string): boolean {
  return (o.metadata.ownerReferences ?? []).some(
    (r) => r.controller === true && r.kind === kind && r.name === name,
  );
}

/** Every pod the workload owns, directly or through its ReplicaSets, ready or not, in key order. */
export function workloadPods(model: ClusterModel, w: WorkloadEndpoint): Pod[] {
  const { namespace, name, kind } = w;
  const found = new Map<string, Pod>();
  const add = (pods: readonly Pod[] | undefined) => pods?.forEach((p) => found.set(p.key, p));
  add(model.index.podsByWorkload.get(workloadKey({ namespace, kind, name })));
  if (kind === 'Deployment') {
    for (const rs of model.objectsByKind.get('ReplicaSet') ?? []) {
      if ((rs.metadata.namespace ?? 'default') !== namespace || !controllerIs(rs, 'Deployment', name))
        continue;
      add(
        model.index.podsByWorkload.get(
          workloadKey({ namespace, kind: 'ReplicaSet', name: rs.metadata.name ?? '' }),
        ),
      );
    }
    for (const p of model.index.podsByNamespace.get(namespace) ?? []) {
      const hash = p.labels['pod-template-hash'];
      if (p.workload.kind === 'ReplicaSet' && hash && p.workload.name === `${name}-${hash}`)
        found.set(p.key, p);
    }
  }
  return [...found.values()].sort((a, b) => a.key.localeCompare(b.key));
}

/** Replicas in the order results list them: by node, then pod key (stable across runs). */
export function replicaOrder(a: Pod, b: Pod): number {
  return (a.nodeName ?? '').localeCompare(b.nodeName ?? '') || a.key.localeCompare(b.key);
}

/**
 * The ready replicas of a workload endpoint, in replica order. Throws EndpointError when
 * the workload has no pod in the model (with the closest workload names) or none is ready.
 */
export function readyReplicas(model: ClusterModel, w: WorkloadEndpoint): { ready: Pod[]; notReady: Pod[] } {
  const text = endpointText(w);
  const pods = workloadPods(model, w);
  if (pods.length === 0)
    throw new EndpointError(
      `no ${w.kind} "${w.name}" with pods in namespace ${w.namespace}`,
      text,
      suggest(w.name, workloadNames(model, w), text.slice(0, text.indexOf(':'))),
    );
  const ready = pods.filter((p) => p.ready).sort(replicaOrder);
  const notReady = pods.filter((p) => !p.ready).sort(replicaOrder);
  if (ready.length === 0)
    throw new EndpointError(
      `${w.kind} ${w.namespace}/${w.name} has no ready replica (${pods.length} pod${pods.length === 1 ? '' : 's'}, none Ready): nothing sends or receives`,
      text,
    );
  return { ready, notReady };
}

/** `NS/NAME` of the workloads of this kind that own pods (Deployments seen through their ReplicaSets). */
function workloadNames(model: ClusterModel, w: WorkloadEndpoint): string[] {
  const names = new Set<string>();
  for (const p of model.pods.values()) {
    if (p.workload.kind === w.kind) names.add(`${p.namespace}/${p.workload.name}`);
    const hash = p.labels['pod-template-hash'];
    if (
      w.kind === 'Deployment' &&
      p.workload.kind === 'ReplicaSet' &&
      hash &&
      p.workload.name.endsWith(`-${hash}`)
    )
      names.add(`${p.namespace}/${p.workload.name.slice(0, -hash.length - 1)}`);
  }
  return [...names].sort();
}
