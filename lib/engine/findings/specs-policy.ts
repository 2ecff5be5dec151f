// NetworkPolicy findings: denials name every selecting policy and why none matched.

import type { FindingParams, PeerParams } from './params';
import type { SpecTable } from './spec';
import { joinWords, kubectlRef, nameOf, nsOf } from './spec';

type PolicyCodes = 'POLICY_EGRESS_DENIED' | 'POLICY_INGRESS_DENIED' | 'POLICY_ALLOWED_BY' | 'DNS_BLOCKED_BY_DEFAULT_DENY' | 'NAMED_PORT_UNRESOLVED';

function probe(p: PeerParams, fromPod: string): string {
  const proto = p.protocol === 'UDP' ? ' -u' : '';
  return `kubectl exec ${kubectlRef(fromPod)} -- nc -zv${proto} -w 3 ${p.peerIP ?? '<peer-ip>'} ${p.port}`;
}

function denied(direction: 'egress' | 'ingress') {
  return {
    severity: 'error' as const,
    title: direction === 'egress' ? 'Egress denied by NetworkPolicy' : 'Ingress denied by NetworkPolicy',
    detail: (p: FindingParams['POLICY_EGRESS_DENIED']) =>
      `${p.pod} is isolated for ${direction} by ${joinWords(p.policies)}, and no ${direction} rule of ${
        p.policies.length > 1 ? 'any of them' : 'it'
      } allows ${p.protocol} ${p.port} ${direction === 'egress' ? 'to' : 'from'} ${p.peer}. ${p.reasons.join(' ')}`.trim(),
    fix: (p: FindingParams['POLICY_EGRESS_DENIED']) =>
      `Add an ${direction} rule in namespace ${nsOf(p.pod)} that allows ${p.protocol} ${p.port} ${direction === 'egress' ? 'to' : 'from'} ${p.peer}, e.g. in ${
        p.policies[0] ?? 'a new NetworkPolicy'
      }: spec.${direction}: [{${direction === 'egress' ? 'to' : 'from'}: [<selector of the peer>], ports: [{protocol: ${p.protocol}, port: ${p.port}}]}]`,
    verify: (p: FindingParams['POLICY_EGRESS_DENIED']) => [
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
      `kubectl exec -n ${p.namespace} ${nameOf(p.pods[0] ?? `${p.namespace}/POD`)} -- nslookup kubernetes.default.svc.cluster.local`,
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
