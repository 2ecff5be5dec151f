// NetworkPolicy findings: denials name every selecting policy and why none matched.

import type { FindingParams, PeerParams } from './params';
import type { SpecTable } from './spec';
import { joinWords, kubectlRef, nsOf } from './spec';
import type { VerifyStep } from '../types';
import { anywhere, dataPlaneStep, inPod } from './verify-where';

type PolicyCodes =
  | 'POLICY_EGRESS_DENIED'
  | 'POLICY_INGRESS_DENIED'
  | 'POLICY_ALLOWED_BY'
  | 'DNS_BLOCKED_BY_DEFAULT_DENY'
  | 'NAMED_PORT_UNRESOLVED'
  | 'POLICY_TIER_PASS';

/** calicoctl works with the CRDs alone; kubectl needs the Calico API server for projectcalico.org/v3. */
const CALICO_APPLY =
  "calicoctl apply -f - <<'EOF'   # or kubectl apply -f - where the Calico API server is installed";

function probe(p: PeerParams, fromPod: string): VerifyStep {
  const peer = p.peerIP ?? '<peer-ip>';
  // nc -zu reports success for any UDP port without a reply: ask DNS itself on port 53.
  if (p.protocol === 'UDP' && String(p.port) === '53')
    return inPod(fromPod, `nslookup -timeout=3 kubernetes.default.svc.cluster.local ${peer}`);
  if (p.protocol === 'UDP')
    return inPod(
      fromPod,
      `nc -zvu -w 3 ${peer} ${p.port}`,
      'UDP: no answer proves nothing; watch with tcpdump on the node',
    );
  return inPod(fromPod, `nc -zv -w 3 ${peer} ${p.port}`);
}

/** `kubectl exec` target for `ns/name` or a workload peer name `ns/name[Kind]`: -n NS rs/NAME. */
export function execTarget(peer: string): string {
  const m = /^([^/]+)\/([^[]+)(?:\[(\w+)\])?$/.exec(peer);
  if (!m) return kubectlRef(peer);
  const [, ns, name, kind] = m;
  const short: Record<string, string> = {
    ReplicaSet: 'rs/',
    Deployment: 'deploy/',
    StatefulSet: 'sts/',
    DaemonSet: 'ds/',
    Job: 'job/',
    ReplicationController: 'rc/',
    Pod: '',
  };
  return `-n ${ns} ${kind ? (short[kind] ?? `${kind.toLowerCase()}/`) : ''}${name}`;
}

/** `ns/name[Kind]` → `ns/rs/name` (what inPod splits into `-n ns rs/name`); `ns/name` unchanged. */
function execRef(peer: string): string {
  const target = execTarget(peer);
  const m = /^-n (\S+) (.+)$/.exec(target);
  return m ? `${m[1]}/${m[2]}` : peer;
}

function sentence(t: string): string {
  return /[.!?)]$/.test(t.trim()) ? t.trim() : `${t.trim()}.`;
}

function denied(direction: 'egress' | 'ingress') {
  return {
    severity: 'error' as const,
    title: direction === 'egress' ? 'Egress denied by NetworkPolicy' : 'Ingress denied by NetworkPolicy',
    detail: (p: FindingParams['POLICY_EGRESS_DENIED']) =>
      p.cni?.detail ??
      (p.calico
        ? `${direction === 'egress' ? 'Egress' : 'Ingress'} of ${p.protocol} ${p.port} ${direction === 'egress' ? 'from' : 'to'} ${p.pod} ${direction === 'egress' ? 'to' : 'from'} ${p.peer} is denied by Calico: ${p.calico.decidedBy}. ${p.reasons.map(sentence).join(' ')}`.trim()
        : `${p.pod} is isolated for ${direction} by ${joinWords(p.policies)}, and no ${direction} rule of ${
            p.policies.length > 1 ? 'any of them' : 'it'
          } allows ${p.protocol} ${p.port} ${direction === 'egress' ? 'to' : 'from'} ${p.peer}. ${p.reasons.map(sentence).join(' ')}`.trim()),
    fix: (p: FindingParams['POLICY_EGRESS_DENIED']) =>
      p.cni?.fix ??
      (p.calico?.fixPolicy
        ? `${p.calico.fixNote ?? `Add a Calico policy in tier ${p.calico.tier}`}:\n${CALICO_APPLY}\n${p.calico.fixPolicy}EOF`
        : p.allow
          ? `The isolation may be intended: confirm with the owners of ${p.pod} before opening it. To allow exactly this connection, add this NetworkPolicy in namespace ${nsOf(p.pod)} (policies add up, so every default deny stays in force for all other traffic).${p.allow.notes.length ? ` ${p.allow.notes.map(sentence).join(' ')}` : ''}\nkubectl apply -f - <<'EOF'\n${p.allow.yaml}EOF`
          : `Add an ${direction} rule in namespace ${nsOf(p.pod)} that allows ${p.protocol} ${p.port} ${direction === 'egress' ? 'to' : 'from'} ${p.peer}: a new NetworkPolicy selecting ${p.pod}'s labels (policies add up, so leave any default deny as it is) with spec.${direction}: [{${direction === 'egress' ? 'to' : 'from'}: [<selector of the peer>], ports: [{protocol: ${p.protocol}, port: ${p.port}}]}]`),
    verify: (p: FindingParams['POLICY_EGRESS_DENIED']) =>
      p.cni
        ? [
            ...p.cni.verify.map((c) => dataPlaneStep(c, undefined, `the node of ${p.pod}`)),
            ...(direction === 'egress' ? [probe(p, p.pod)] : []),
          ]
        : [
            ...(p.calico
              ? [
                  anywhere(
                    'kubectl get tiers.crd.projectcalico.org,globalnetworkpolicies.crd.projectcalico.org -o yaml',
                  ),
                  anywhere(`kubectl get networkpolicies.crd.projectcalico.org -n ${nsOf(p.pod)} -o yaml`),
                ]
              : []),
            anywhere(`kubectl get networkpolicy -n ${nsOf(p.pod)} -o yaml`),
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
    verify: (p) => [
      ...(p.calico
        ? [
            anywhere('kubectl get tiers.crd.projectcalico.org,globalnetworkpolicies.crd.projectcalico.org'),
            anywhere(`kubectl get networkpolicies.crd.projectcalico.org -n ${nsOf(p.pod)}`),
          ]
        : []),
      anywhere(`kubectl get networkpolicy -n ${nsOf(p.pod)}`),
    ],
  },
  POLICY_TIER_PASS: {
    severity: 'info',
    title: 'Passed on to the next policy tier',
    detail: (p) =>
      `${p.direction === 'egress' ? 'Egress' : 'Ingress'} of ${p.protocol} ${p.port} ${p.direction === 'egress' ? 'from' : 'to'} ${p.pod} ${p.direction === 'egress' ? 'to' : 'from'} ${p.peer} is not decided in tier ${joinWords(p.tiers)}: ${joinWords(p.passes)} passes it to the next tier, where ${p.decidedBy} ${p.allowed ? 'allows' : 'denies'} it.`,
    fix: (p) =>
      p.allowed
        ? 'Nothing to fix: the Pass hands the decision to the application tier on purpose.'
        : `The tier after ${joinWords(p.tiers)} decides: see the ${p.direction} denial on this hop for the policy to add there.`,
    verify: (p) => [
      anywhere(
        'kubectl get tiers.crd.projectcalico.org -o custom-columns=NAME:.metadata.name,ORDER:.spec.order,DEFAULT:.spec.defaultAction',
      ),
      anywhere(`kubectl get networkpolicies.crd.projectcalico.org -n ${nsOf(p.pod)}`),
    ],
  },
  DNS_BLOCKED_BY_DEFAULT_DENY: {
    severity: 'error',
    title: 'DNS blocked by an egress default deny',
    detail: (p) =>
      `${joinWords(p.policies)} isolate${p.policies.length > 1 ? '' : 's'} ${joinWords(p.pods)} in namespace ${p.namespace} for egress, and no egress rule allows ${joinWords(
        p.missing,
      )} to the cluster DNS (${p.dnsTarget}): every name lookup times out, so connections by name fail even where an IP rule allows them.`,
    fix: (p) =>
      p.calicoTier &&
      p.calicoTier !== 'kube-admin' &&
      p.calicoTier !== 'kube-baseline' &&
      p.calicoTier !== 'profiles'
        ? `Calico denies DNS in tier ${p.calicoTier}: allow it there, ordered before the deny, for every pod in ${p.namespace}:\n${CALICO_APPLY}\napiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata:\n  name: ${p.calicoTier === 'default' ? '' : `${p.calicoTier}.`}allow-dns-${p.namespace}\nspec:\n  tier: ${p.calicoTier}\n  order: 1\n  namespaceSelector: projectcalico.org/name == "${p.namespace}"\n  types: [Egress]\n  egress:\n  - action: Allow\n    protocol: UDP\n    destination:\n      namespaceSelector: projectcalico.org/name == "kube-system"\n      selector: k8s-app == "kube-dns"\n      ports: [53]\n  - action: Allow\n    protocol: TCP\n    destination:\n      namespaceSelector: projectcalico.org/name == "kube-system"\n      selector: k8s-app == "kube-dns"\n      ports: [53]\nEOF`
        : `Allow DNS (UDP and TCP 53) to the cluster DNS pods for every pod in ${p.namespace}:\nkubectl apply -f - <<'EOF'\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-dns\n  namespace: ${p.namespace}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n  - to:\n    - namespaceSelector:\n        matchLabels:\n          kubernetes.io/metadata.name: kube-system\n      podSelector:\n        matchLabels:\n          k8s-app: kube-dns\n    ports:\n    - {protocol: UDP, port: 53}\n    - {protocol: TCP, port: 53}\nEOF`,
    verify: (p) => [
      anywhere(`kubectl get networkpolicy -n ${p.namespace}`),
      // A workload peer (`ns/name[ReplicaSet]`) is exec'd through its controller: kubectl picks one of its pods.
      inPod(
        execRef(p.pods[0] ?? `${p.namespace}/POD`),
        'nslookup -timeout=3 kubernetes.default.svc.cluster.local',
      ),
    ],
  },
  NAMED_PORT_UNRESOLVED: {
    severity: 'warning',
    title: 'Named port not declared by the pod',
    detail: (p) =>
      `${p.owner} refers to the port named "${p.portName}", but the containers of ${p.pod} declare ${
        p.declared.length ? joinWords(p.declared.map((d) => `"${d}"`)) : 'no named ports'
      }: the name resolves to nothing on this pod.`,
    fix: (p) =>
      `Name the container port "${p.portName}" in ${p.pod}'s pod template (spec.containers[].ports[].name), or use the port number in ${p.owner}.`,
    verify: (p) => [
      anywhere(`kubectl get pod ${kubectlRef(p.pod)} -o jsonpath='{.spec.containers[*].ports}'`),
    ],
  },
};
