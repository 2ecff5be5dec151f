// Generated names, computable without building the cluster, so a scenario's queries can
// name a pod (`pod:shop/web-5d8f7c9b4-x2k4p`) while its objects are still unbuilt.

import { nameSuffix, templateHash } from './ids';

export function replicaSetName(namespace: string, deployment: string): string {
  return `${deployment}-${templateHash(`${namespace}/${deployment}`)}`;
}

/** Name of the `index`-th pod of a Deployment built by ClusterBuilder.deployment. */
export function deploymentPodName(namespace: string, deployment: string, index: number): string {
  const rs = replicaSetName(namespace, deployment);
  return `${rs}-${nameSuffix(`${namespace}/${rs}/${index}`)}`;
}

/** Name of a DaemonSet's pod on `node`. */
export function daemonSetPodName(namespace: string, daemonSet: string, node: string): string {
  return `${daemonSet}-${nameSuffix(`${namespace}/${daemonSet}/${node}`)}`;
}

/** `pod:NS/NAME` endpoint of a Deployment's pod. */
export function podOf(namespace: string, deployment: string, index: number): string {
  return `pod:${namespace}/${deploymentPodName(namespace, deployment, index)}`;
}

/** Name of the EndpointSlice the builder writes for a Service. */
export function endpointSliceName(namespace: string, service: string): string {
  return `${service}-${nameSuffix(`slice:${namespace}/${service}`)}`;
}
