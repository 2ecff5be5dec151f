// Findings about policy semantics that depend on the data plane: ipBlocks over pod
// addresses, host-network pods, and the hairpin masquerade of a pod reaching itself
// through its own Service.

import type { SpecTable } from './spec';
import { anywhere, dataPlaneStep, debugNode, onNode } from './verify-where';
import { joinWords, kubectlRef, nameOf, nsOf } from './spec';

type DataplaneCodes = 'IPBLOCK_COVERS_POD_IPS' | 'HOST_NETWORK_POD' | 'HAIRPIN_SNAT';

export const dataplaneSpecs: SpecTable<DataplaneCodes> = {
  IPBLOCK_COVERS_POD_IPS: {
    severity: 'warning',
    title: 'ipBlock range contains pod addresses',
    detail: (p) =>
      `NetworkPolicy ${p.policy} ${p.field} = ${p.cidr}${p.except.length ? ` (except ${p.except.join(', ')})` : ''} contains the pod address${p.pods.length === 1 ? '' : 'es'} of ${joinWords([...p.pods])}. ` +
      `Whether an ipBlock matches pod traffic is left to the CNI: Calico and most plugins match it as plain addresses (as the upstream NetworkPolicy e2e tests expect), Cilium matches only addresses outside the cluster. ` +
      `Applied here: ${p.mode === 'match' ? 'match' : 'outside'}, because ${p.why}. ${p.effect}`,
    fix: (p) =>
      `Select pods with podSelector / namespaceSelector instead of their addresses: pod IPs change on every restart, and the same ipBlock gives a different verdict on another CNI. ` +
      `If ${p.cidr} is meant for addresses outside the cluster only, list the pod CIDR in its except. To state the CNI's behaviour explicitly, run with --ipblock-pods match|outside.`,
    verify: (p) => [
      anywhere(
        `kubectl get networkpolicy ${kubectlRef(p.policy)} -o jsonpath='{.${p.field.replace(/\.cidr$/, '')}}'`,
      ),
      anywhere(`kubectl get pods -A -o wide | grep -F '${p.ips[0] ?? ''}'`),
      ...(p.probe ? [dataPlaneStep(p.probe, undefined)] : []),
    ],
  },
  HOST_NETWORK_POD: {
    severity: 'info',
    title: 'Host-network pod: node traffic, not policed as a pod',
    detail: (p) =>
      `${p.pod} runs in ${p.node}'s network namespace (spec.hostNetwork: true): it has no veth and no address of its own; it uses the node's address ${p.nodeIP} and its interface MTU ${p.mtu}. ` +
      `NetworkPolicy pod and namespace selectors do not select it, as ${p.role === 'source' ? 'the source' : 'the destination'} or as a peer: its traffic is node traffic, and policies see it as ${p.nodeIP}` +
      (p.policies.length
        ? ` (${joinWords([...p.policies])} would select it by its labels if it had its own network namespace).`
        : '.'),
    fix: (p) =>
      `If ${p.pod} does not need the host's network, remove hostNetwork: true so it gets its own address and NetworkPolicy applies to it. ` +
      `Otherwise write policy for node addresses: allow ${p.nodeIP} (an ipBlock covering the node network) in the peers' policies, or police the node with host-endpoint policy (Calico HostEndpoint + GlobalNetworkPolicy, Cilium CiliumClusterwideNetworkPolicy with a nodeSelector).`,
    verify: (p) => [
      anywhere(
        `kubectl get pod -n ${nsOf(p.pod)} ${nameOf(p.pod)} -o jsonpath='{.spec.hostNetwork} {.status.podIP} {.status.hostIP}{"\\n"}'`,
      ),
      debugNode(p.node, 'ss -ltnp', "the pod's sockets are the node's"),
    ],
  },
  HAIRPIN_SNAT: {
    severity: 'info',
    title: 'Hairpin: a pod reaching itself through its Service is masqueraded',
    detail: (p) =>
      `${p.pod} connects to its own Service ${p.service} and the data plane picks ${p.pod} itself as the endpoint. ${p.how} ` +
      `${p.pod} therefore sees the source ${p.snatIP}${p.device ? ` (the address of ${p.device})` : ''}, not its own address ${p.podIP}, and ${p.judgedText}.`,
    fix: (p) =>
      (p.judged === 'own'
        ? `If ${p.pod}'s ingress policy must admit these calls, let it admit the pod's own pods (a podSelector matching its labels): that is the source the policy judges. `
        : p.judged === 'masqueraded'
          ? `If ${p.pod}'s ingress policy must admit these calls, let it allow ${p.snatIP} (an ipBlock with the node address${p.device ? ` or the ${p.device} address` : ''}). `
          : 'Policy does not judge this flow. ') +
      `Anything that checks the client address (application allowlists, logs) sees ${p.snatIP}; have the application reach itself on localhost or its own address instead of through the Service when that matters.`,
    verify: (p) => [
      ...p.dataPlane.map((c) => dataPlaneStep(c, p.node)),
      onNode(
        p.node,
        `nsenter -t PID -n tcpdump -ni eth0 port ${p.port}`,
        `PID of ${p.pod}: the source is ${p.snatIP}`,
      ),
    ],
  },
};
