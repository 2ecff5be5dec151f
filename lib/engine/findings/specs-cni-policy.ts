// Findings of CNI-native policy that L3/L4 evaluation cannot settle alone: Cilium L7
// rules checked by the proxy, and rules selecting by DNS name.

import type { SpecTable } from './spec';
import { anywhere, inPod } from './verify-where';
import { joinWords, kubectlRef, nsOf } from './spec';

type CniPolicyCodes = 'POLICY_L7_RULE' | 'POLICY_DEPENDS_ON_DNS';

export const cniPolicySpecs: SpecTable<CniPolicyCodes> = {
  POLICY_L7_RULE: {
    severity: 'info',
    title: 'Decided by an L7 policy rule at the proxy',
    detail: (p) => {
      const head = `${p.direction === 'egress' ? 'Egress' : 'Ingress'} of ${p.pod} on ${p.protocol} ${p.port} ${p.direction === 'egress' ? 'to' : 'from'} ${p.peer} goes through Cilium's proxy (${joinWords(p.protocols)} rules): ${joinWords(p.rules)}.`;
      if (p.outcome === 'allowed')
        return `${head} The request ${p.request} matches ${p.matched}, so the proxy forwards it.`;
      if (p.outcome === 'denied')
        return `${head} The request ${p.request} matches none of these rules: the proxy answers 403 Access denied and the backend never sees it.`;
      const what = p.protocols.includes('http')
        ? 'Which requests pass depends on their method, path and headers: trace a URL (with --method / --header) to check one.'
        : 'The proxy filters each request by these rules; the L4 verdict only says the connection may open.';
      return `${head} ${what}`;
    },
    fix: (p) =>
      p.outcome === 'denied'
        ? `If ${p.request} should be allowed, add a matching rule to ${p.policyKind} ${p.policy}: under the toPorts entry named above, add to rules.http an entry such as {method: "${(p.request ?? 'GET /').split(' ')[0]}", path: "${(p.request ?? 'GET /').split(' ')[1] ?? '/'}"} (method and path are extended regular expressions matched against the whole value).`
        : 'Nothing to fix; keep the L7 rules in mind when requests fail with 403 from the proxy.',
    verify: (p) => [
      anywhere(
        `kubectl get ${p.policyKind.toLowerCase()} ${p.policy.includes('/') ? kubectlRef(p.policy) : p.policy} -o yaml`,
      ),
      anywhere(
        `kubectl -n kube-system exec ds/cilium -- hubble observe --namespace ${nsOf(p.pod)} --protocol ${p.protocols[0] ?? 'http'} --last 20`,
        `the agent on the node of ${p.pod}`,
      ),
      ...(p.direction === 'egress' && p.protocols.includes('http')
        ? [
            inPod(
              p.pod,
              `curl -s -o /dev/null -w '%{http_code}\\n' -X ${(p.request ?? 'GET /').split(' ')[0]} http://${p.peerIP ?? '<peer-ip>'}:${p.port}${(p.request ?? 'GET /').split(' ')[1] ?? '/'}`,
            ),
          ]
        : []),
    ],
  },
  POLICY_DEPENDS_ON_DNS: {
    severity: 'warning',
    title: 'Verdict depends on DNS answers',
    detail: (p) =>
      `${joinWords(p.rules)} allow${p.rules.length > 1 ? '' : 's'} egress from ${p.pod} by DNS name (${joinWords(p.names)}). ${p.source === 'ClusterNetworkPolicy' ? 'The network policy implementation matches the addresses these names resolve to' : 'Cilium matches the addresses its DNS proxy saw in answers for these names'}; the snapshot holds no DNS answers. Assumed: ${p.assumed}`,
    fix: (p) =>
      p.source === 'ClusterNetworkPolicy'
        ? `If ${p.peer} is an address of ${joinWords(p.names)}, the domainNames rule applies once the name resolves to it. To allow a fixed address regardless of DNS, add an Accept rule with a networks peer for it.`
        : `If ${p.peer} is an address of ${joinWords(p.names)}, the verdict follows the toFQDNs rule once the pod has looked the name up through the DNS proxy (the pod's DNS egress needs an L7 dns rule, e.g. toPorts [{ports: [{port: "53", protocol: ANY}], rules: {dns: [{matchPattern: "*"}]}}]). To allow a fixed address regardless of DNS, add a toCIDR rule for it.`,
    verify: (p) => [
      ...(p.source === 'ClusterNetworkPolicy'
        ? []
        : [
            anywhere(
              'kubectl -n kube-system exec ds/cilium -- cilium-dbg fqdn cache list',
              `the agent on the node of ${p.pod}`,
            ),
          ]),
      inPod(p.pod, `nslookup ${p.names[0]?.replace(/^\*\./, 'www.') ?? '<name>'}`),
    ],
  },
};
