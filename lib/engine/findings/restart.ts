// The command that recreates a workload's pods, for fixes that only take effect on new
// pods (a pod's interface MTU is set by the CNI when the pod is created). `kubectl rollout
// restart` works on Deployments, DaemonSets and StatefulSets
// (kubernetes.io/docs/reference/kubectl/generated/kubectl_rollout/kubectl_rollout_restart);
// a pod without such a controller has to be deleted (and recreated by whoever made it).

import type { ClusterModel, Pod } from '../../model/types';
import { appName } from '../whatif/suggest';

const ROLLOUT: Readonly<Record<string, string>> = {
  Deployment: 'deploy',
  DaemonSet: 'ds',
  StatefulSet: 'sts',
};

/** The restart command of the pod's workload. */
export function restartCommand(pod: Pod): string {
  // A ReplicaSet named NAME-<pod-template-hash> belongs to Deployment NAME.
  const kind =
    pod.workload.kind === 'ReplicaSet' && appName(pod) !== pod.workload.name
      ? 'Deployment'
      : pod.workload.kind;
  const short = ROLLOUT[kind];
  return short
    ? `kubectl rollout restart ${short}/${appName(pod)} -n ${pod.namespace}`
    : `kubectl delete pod ${pod.name} -n ${pod.namespace}`;
}

/** How many restart commands a fix lists before it points at the rest. */
const LISTED = 5;

/**
 * Restart commands for the workloads with pods on `node` (host-network pods keep the
 * node's interfaces and need none), one per workload, sorted; past five, a command that
 * lists the rest. `node: undefined` means every node: a cluster-wide setting (the pod MTU
 * of a Calico Installation, say) reaches only pods created after it, wherever they run.
 */
export function restartCommands(model: ClusterModel, node: string | undefined): readonly string[] {
  const pods = node === undefined ? [...model.pods.values()] : (model.index.podsByNode.get(node) ?? []);
  const commands = [...new Set(pods.filter((p) => !p.hostNetwork).map(restartCommand))].sort();
  if (commands.length <= LISTED) return commands;
  const rest = commands.length - LISTED;
  return [
    ...commands.slice(0, LISTED),
    node === undefined
      ? `kubectl get pods -A -o wide   # ${rest} more workloads`
      : `kubectl get pods -A -o wide --field-selector spec.nodeName=${node}   # ${rest} more workloads on ${node}`,
  ];
}
