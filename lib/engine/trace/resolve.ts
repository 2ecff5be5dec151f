// Looks a parsed endpoint up in the model through its indexes. On a miss, throws an
// EndpointError naming what was not found and the closest names (searched only then).

import { closestNames } from '../../model/did-you-mean';
import type { ClusterModel, NodeInfo, Pod, Service } from '../../model/types';
import { workloadKey } from '../../model/keys';
import type { ParsedEndpoint } from './endpoint';
import { EndpointError } from './errors';
import { readyReplicas } from './workload-replicas';

export type ResolvedEndpoint =
  | { readonly type: 'pod'; readonly pod: Pod }
  | { readonly type: 'service'; readonly service: Service }
  /** A LoadBalancer / external IP of a Service, reached as an outside client would. */
  | { readonly type: 'service-ip'; readonly service: Service; readonly ip: string }
  | { readonly type: 'node'; readonly node: NodeInfo }
  | { readonly type: 'external'; readonly ip: string }
  | {
      readonly type: 'url';
      readonly scheme: 'http' | 'https';
      readonly host: string;
      readonly port: number;
      readonly path: string;
      readonly query: string;
    };

const WORKLOAD_KINDS = [
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ReplicationController',
] as const;

export function resolveEndpoint(model: ClusterModel, e: ParsedEndpoint, text: string): ResolvedEndpoint {
  switch (e.type) {
    case 'pod': {
      const pod = model.pods.get(`${e.namespace}/${e.name}`) ?? workloadPod(model, e.namespace, e.name);
      if (pod) return { type: 'pod', pod };
      throw new EndpointError(
        `no pod or workload "${e.name}" in namespace ${e.namespace}`,
        text,
        suggest(e.name, podNames(model, e.namespace), 'pod'),
      );
    }
    case 'svc': {
      const service = model.services.get(`${e.namespace}/${e.name}`);
      if (service) return { type: 'service', service };
      throw new EndpointError(
        `no service "${e.name}" in namespace ${e.namespace}`,
        text,
        suggest(e.name, serviceNames(model), 'svc'),
      );
    }
    case 'node': {
      const node = model.nodes.get(e.name);
      if (node) return { type: 'node', node };
      throw new EndpointError(`no node "${e.name}"`, text, suggest(e.name, [...model.nodes.keys()], 'node'));
    }
    case 'ip': {
      const pod = model.index.podByIP.get(e.address);
      // Host-network pods share their node's address, which belongs to the node.
      if (pod && !(pod.hostNetwork && model.index.nodeByIP.has(e.address))) return { type: 'pod', pod };
      const service = model.index.serviceByIP.get(e.address);
      if (service)
        return service.clusterIPs.includes(e.address)
          ? { type: 'service', service }
          : { type: 'service-ip', service, ip: e.address };
      const node = model.index.nodeByIP.get(e.address);
      if (node) return { type: 'node', node };
      return { type: 'external', ip: e.address };
    }
    case 'url':
      return e;
    case 'workload':
      // traceRoute traces every replica; resolved alone, a workload stands for its first ready one.
      return { type: 'pod', pod: readyReplicas(model, e).ready[0]! };
  }
}

/** A pod of workload `name` (any workload kind), preferring ready pods; undefined if none. */
function workloadPod(model: ClusterModel, namespace: string, name: string): Pod | undefined {
  for (const kind of WORKLOAD_KINDS) {
    const pods = model.index.podsByWorkload.get(workloadKey({ namespace, kind, name }));
    if (pods && pods.length > 0) return pods.find((p) => p.ready) ?? pods[0];
  }
  // A Deployment seen through a live dump: its pods belong to ReplicaSet NAME-<hash>.
  const owned = (model.index.podsByNamespace.get(namespace) ?? []).filter(
    (p) =>
      p.workload.kind === 'ReplicaSet' &&
      p.workload.name.startsWith(`${name}-`) &&
      !p.workload.name.slice(name.length + 1).includes('-'),
  );
  return owned.find((p) => p.ready) ?? owned[0];
}

function podNames(model: ClusterModel, namespace: string): string[] {
  const names = (model.index.podsByNamespace.get(namespace) ?? []).flatMap((p) => [
    `${p.namespace}/${p.name}`,
    `${p.namespace}/${p.workload.name}`,
  ]);
  // Same name in another namespace is the most common slip.
  for (const [ns, pods] of model.index.podsByNamespace)
    if (ns !== namespace) for (const p of pods) names.push(`${p.namespace}/${p.name}`);
  return [...new Set(names)];
}

function serviceNames(model: ClusterModel): string[] {
  return [...model.services.keys()];
}

/** Up to three candidates closest to `wanted` by edit distance (or containing it), with `prefix:`. */
export function suggest(wanted: string, candidates: readonly string[], prefix: string): string[] {
  return closestNames(wanted, candidates, { key: (c) => c.slice(c.indexOf('/') + 1) }).map(
    (c) => `${prefix}:${c}`,
  );
}
