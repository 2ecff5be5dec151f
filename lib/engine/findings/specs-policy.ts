// NetworkPolicy findings: denials name every selecting policy and why none matched.

import type { FindingParams, PeerParams } from './params';
import type { SpecTable } from './spec';
import { joinWords, kubectlRef, nsOf } from './spec';

type PolicyCodes = 'POLICY_EGRESS_DENIED' | 'POLICY_INGRESS_DENIED' | 'POLICY_ALLOWED_BY' | 'DNS_BLOCKED_BY_DEFAULT_DENY' | 'NAMED_PORT_UNRESOLVED';

function probe(p: PeerParams, fromPod: string): string {
  const peer = p.peerIP ?? '<peer-ip>';
  // nc -zu reports success for any UDP port without a reply: ask DNS itself on port 53.
  if (p.protocol === 'UDP' && String(p.port) === '53') return `kubectl exec ${kubectlRef(fromPod)} -- nslookup -timeout=3 kubernetes.default.svc.cluster.local ${peer}`;
  if (p.protocol === 'UDP') return `kubectl exec ${kubectlRef(fromPod)} -- nc -zvu -w 3 ${peer} ${p.port}   # UDP: no answer proves nothing; watch with tcpdump on the node`;
  return `kubectl exec ${kubectlRef(fromPod)} -- nc -zv -w 3 ${peer} ${p.port}`;
}

/** `kubectl exec` target for `ns/name` or a workload peer name `ns/name[Kind]`: -n NS rs/NAME. */
export function execTarget(peer: string): string {
  const m = /^([^/]+)\/([^[]+)(?:\[(\w+)\])?$/.exec(peer);
  if (!m) return kubectlRef(peer);
  const [, ns, name, kind] = m;
  const short: Record<string, string> = { ReplicaSet: 'rs/', Deployment: 'deploy/', StatefulSet: 'sts/', DaemonSet: 'ds/', Job: 'job/', ReplicationController: 'rc/', Pod: '' };
  return `-n ${ns} ${kind ? (short[kind] ?? `${kind.toLowerCase()}/`) : ''}${name}`;
}

function sentence(t: string): string {
  return /[.!?)]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`;
}

function denied(direction: 'egress' | 'ingress') {
  return {
    severity: 'error' as const,
    title: direction === 'egress' ? 'Egress denied by NetworkPolicy' : 'Ingress denied by NetworkPolicy',
    detail: (p: FindingParams['POLICY_EGRESS_DENIED']) => p.cni?.detail ??
      `${p.pod} is isolated for ${direction} by ${joinWords(p.policies)}, and no ${direction} rule of ${
        p.policies.length > 1 ? 'any of them' : 'it'
      } allows ${p.protocol} ${p.port} ${direction === 'egress' ? 'to' : 'from'} ${p.peer}. ${p.reasons.map(sentence).join(' ')}`.trim(),
    fix: (p: FindingParams['POLICY_EGRESS_DENIED']) => p.cni?.fix ??
      `Add an ${direction} rule in namespace ${nsOf(p.pod)} that allows ${p.protocol} ${p.port} ${direction === 'egress' ? 'to' : 'from'} ${p.peer}: a new NetworkPolicy selecting ${p.pod}'s labels (policies add up, so leave any default deny as it is) with spec.${direction}: [{${direction === 'egress' ? 'to' : 'from'}: [<selector of the peer>], ports: [{protocol: ${p.protocol}, port: ${p.port}}]}]`,
    verify: (p: FindingParams['POLICY_EGRESS_DENIED']) => p.cni ? [...p.cni.verify, ...(direction === 'egress' ? [probe(p, p.pod)] : [])] : [
      `kubectl get networkpolicy -n ${nsOf(p.pod)} -o yaml`,
      ...(direction === 'egress' ? [probe(p, p.pod)] : []),
    ],
  };
}

export const policySpecs: SpecTable<PolicyCodes> = {
  POLICY_EGRESS_DENIED: denied('egress'),
  POLICY_INGRESS_DENIED: denied('ingress'),
  POLICY_ALLOWED_BY: {
    severity: 'info',
    title: 'Allowed by NetworkPolicy',
    detail: (p) =>
      p.rules.length > 0
        ? `${p.direction === 'egress' ? 'Egress' : 'Ingress'} of ${p.pod} is allowed by ${joinWords(p.rules)}. ${p.explanation}`.trim()
        : `No NetworkPolicy selects ${p.pod} for ${p.direction}: all ${p.direction} traffic is allowed by default. ${p.explanation}`.trim(),
    fix: () => 'Nothing to fix.',
    verify: (p) => [`kubectl get networkpolicy -n ${nsOf(p.pod)}`],
  },
  DNS_BLOCKED_BY_DEFAULT_DENY: {
    severity: 'error',
    title: 'DNS blocked by an egress default deny',
    detail: (p) =>
      `${joinWords(p.policies)} isolate${p.policies.length > 1 ? '' : 's'} ${joinWords(p.pods)} in namespace ${p.namespace} for egress, and no egress rule allows ${joinWords(
        p.missing,
      )} to the cluster DNS (${p.dnsTarget}): every name lookup times out, so connections by name fail even where an IP rule allows them.`,
    fix: (p) =>
      `Allow DNS (UDP and TCP 53) to the cluster DNS pods for every pod in ${p.namespace}:\nkubectl apply -f - <<'EOF'\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-dns\n  namespace: ${p.namespace}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - {protocol: UDP, port: 53}\n    - {protocol: TCP, port: 53}\nEOF`,
    verify: (p) => [
      `kubectl get networkpolicy -n ${p.namespace}`,
      `kubectl exec ${execTarget(p.pods[0] ?? `${p.namespace}/POD`)} -- nslookup -timeout=3 kubernetes.default.svc.cluster.local`,
    ],
  },
  NAMED_PORT_UNRESOLVED: {
    severity: 'warning',
    title: 'Named port not declared by the pod',
    detail: (p) =>
      `${p.owner} refers to the port named "${p.portName}", but the containers of ${p.pod} declare ${
        p.declared.length ? joinWords(p.declared.map((d) => `"${d}"`)) : 'no named ports'
      }: the name resolves to nothing on this pod.`,
    fix: (p) => `Name the container port "${p.portName}" in ${p.pod}'s pod template (spec.containers[].ports[].name), or use the port number in ${p.owner}.`,
    verify: (p) => [`kubectl get pod ${kubectlRef(p.pod)} -o jsonpath='{.spec.containers[*].ports}'`],
  },
};
