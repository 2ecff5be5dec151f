// ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2), evaluated by the admin
// machinery. Semantics from kubernetes-sigs/network-policy-api
// apis/v1alpha2/clusternetworkpolicy_types.go: "Policy tiers are evaluated in the
// following order: Admin tier, NetworkPolicy tier, Baseline tier"; lower priority
// first; Accept / Deny end the evaluation; "Pass: Skips all further
// ClusterNetworkPolicy rules in the current tier ... and passes evaluation to the next
// tier"; `nodes` peers select node IPs from node.Status.Addresses.

import { describe, expect, it } from 'vitest';
import { loadModel, parseText, snapshotFromObjects } from '../../ingest';
import { evaluateConnection } from './evaluate';
import type { PeerEndpoint } from './types';

const BASE = `---
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {tier: app}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {tier: ops}}
---
apiVersion: v1
kind: Node
metadata: {name: n1, labels: {role: worker}}
status: {addresses: [{type: InternalIP, address: 192.168.0.11}]}
---
apiVersion: v1
kind: Pod
metadata: {name: api, namespace: shop, labels: {app: api}}
spec: {nodeName: n2, containers: [{name: c, image: i}]}
status: {podIP: 10.0.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: tool, namespace: ops, labels: {app: tool}}
spec: {nodeName: n2, containers: [{name: c, image: i}]}
status: {podIP: 10.0.2.10}
`;

const cnp = (name: string, tier: string, priority: number, rules: string) => `---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: ${name}}
spec:
  tier: ${tier}
  priority: ${priority}
  subject: {namespaces: {matchLabels: {tier: app}}}
${rules.replace(/^/gm, '  ')}
`;

function model(extra: string) {
  const { snapshot } = snapshotFromObjects([parseText(BASE + extra, 'cnp.yaml')], {
    kind: 'files',
    title: 't',
  });
  return loadModel(snapshot);
}
const pod = (m: ReturnType<typeof model>, key: string): PeerEndpoint => ({
  type: 'pod',
  pod: m.pods.get(key)!,
});
const fromOps =
  'ingress:\n- name: from-ops\n  action: ACTION\n  from: [{namespaces: {matchLabels: {tier: ops}}}]';

describe('ClusterNetworkPolicy', () => {
  it('an Admin-tier Deny overrides a NetworkPolicy allow, and is named as a ClusterNetworkPolicy', () => {
    const m = model(
      cnp('no-ops', 'Admin', 10, fromOps.replace('ACTION', 'Deny')) +
        `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: all, namespace: shop}
spec: {podSelector: {}, ingress: [{}]}
`,
    );
    const v = evaluateConnection(m, pod(m, 'ops/tool'), pod(m, 'shop/api'), 'TCP', 80);
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedAt).toBe('admin');
    expect(v.ingress.explanation).toBe('ClusterNetworkPolicy no-ops ingress rule #0 "from-ops" denies it.');
  });

  it('Accept is an allow that ends evaluation (reported with the action Accept)', () => {
    const m = model(
      cnp('ops-ok', 'Admin', 5, fromOps.replace('ACTION', 'Accept')) +
        cnp('deny-all', 'Admin', 20, 'ingress:\n- action: Deny\n  from: [{namespaces: {}}]'),
    );
    const v = evaluateConnection(m, pod(m, 'ops/tool'), pod(m, 'shop/api'), 'TCP', 80);
    expect(v.allowed).toBe(true);
    expect(v.ingress.decidedBy[0]).toMatchObject({
      policy: { kind: 'ClusterNetworkPolicy', name: 'ops-ok' },
      action: 'Accept',
      tier: 'admin',
    });
  });

  it('Admin-tier ClusterNetworkPolicies and AdminNetworkPolicies are ordered by priority together', () => {
    const anp = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: anp-allow}
spec:
  priority: 1
  subject: {namespaces: {}}
  ingress: [{action: Allow, from: [{namespaces: {}}]}]
`;
    const m = model(anp + cnp('cnp-deny', 'Admin', 3, fromOps.replace('ACTION', 'Deny')));
    expect(evaluateConnection(m, pod(m, 'ops/tool'), pod(m, 'shop/api'), 'TCP', 80).allowed).toBe(true);
  });

  it('the Baseline tier applies only where no NetworkPolicy selects the pod; Pass there goes to the default allow', () => {
    const deny = model(cnp('base-deny', 'Baseline', 10, fromOps.replace('ACTION', 'Deny')));
    const v = evaluateConnection(deny, pod(deny, 'ops/tool'), pod(deny, 'shop/api'), 'TCP', 80);
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedAt).toBe('baseline');
    expect(v.ingress.selectingPolicies).toEqual([{ kind: 'ClusterNetworkPolicy', name: 'base-deny' }]);
    const pass = model(
      cnp('base-pass', 'Baseline', 1, fromOps.replace('ACTION', 'Pass')) +
        cnp('base-deny', 'Baseline', 10, fromOps.replace('ACTION', 'Deny')),
    );
    const p = evaluateConnection(pass, pod(pass, 'ops/tool'), pod(pass, 'shop/api'), 'TCP', 80);
    expect(p.allowed).toBe(true);
    expect(p.ingress.decidedAt).toBe('default');
    expect(p.ingress.decidedBy.map((r) => `${r.policy.name} ${r.action}`)).toEqual(['base-pass Pass']);
  });

  it("egress protocols and nodes peers: the selected nodes' addresses match", () => {
    const m = model(
      cnp(
        'egress',
        'Admin',
        1,
        `egress:
- action: Deny
  to: [{nodes: {matchLabels: {role: worker}}}]
  protocols: [{tcp: {destinationPort: {number: 10250}}}]
- action: Deny
  to: [{networks: [0.0.0.0/0]}]
  protocols: [{udp: {destinationPort: {range: {start: 5000, end: 6000}}}}]`,
      ),
    );
    const api = pod(m, 'shop/api');
    expect(evaluateConnection(m, api, { type: 'ip', ip: '192.168.0.11' }, 'TCP', 10250).allowed).toBe(false);
    expect(evaluateConnection(m, api, { type: 'ip', ip: '192.168.0.11' }, 'TCP', 22).allowed).toBe(true);
    expect(evaluateConnection(m, api, { type: 'ip', ip: '8.8.8.8' }, 'UDP', 5353).allowed).toBe(false);
    expect(evaluateConnection(m, api, { type: 'ip', ip: '8.8.8.8' }, 'UDP', 53).allowed).toBe(true);
  });
});

describe('ClusterNetworkPolicy peers and subjects', () => {
  it('a pods subject selects by namespace AND pod labels; domainNames match no address (no DNS answers)', () => {
    const m = model(`---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: api-only}
spec:
  tier: Admin
  priority: 1
  subject: {pods: {namespaceSelector: {matchLabels: {tier: app}}, podSelector: {matchLabels: {app: api}}}}
  egress:
  - action: Accept
    to: [{domainNames: [api.example.com]}]
  - action: Deny
    to: [{networks: [0.0.0.0/0]}]
`);
    const api = pod(m, 'shop/api');
    const v = evaluateConnection(m, api, { type: 'ip', ip: '93.184.215.14' }, 'TCP', 443);
    expect(v.allowed).toBe(false);
    expect(v.egress.decidedBy[0]).toMatchObject({ ruleIndex: 1, action: 'Deny' });
    // ops/tool is not selected by the pods subject.
    expect(
      evaluateConnection(m, pod(m, 'ops/tool'), { type: 'ip', ip: '93.184.215.14' }, 'TCP', 443).allowed,
    ).toBe(true);
  });
});

describe('ClusterNetworkPolicy domainNames on a trace', () => {
  it('raises POLICY_DEPENDS_ON_DNS with the assumption when a domainNames rule covers the connection', async () => {
    // v1alpha2 DomainNames: "DomainNames provides a way to specify domain names as peers"
    // — matched against resolved addresses, which a snapshot does not hold.
    const { traceRoute } = await import('../trace');
    const m = model(`---
apiVersion: policy.networking.k8s.io/v1alpha2
kind: ClusterNetworkPolicy
metadata: {name: egress-allowlist}
spec:
  tier: Admin
  priority: 1
  subject: {namespaces: {matchLabels: {tier: app}}}
  egress:
  - name: partner
    action: Accept
    to: [{domainNames: ['*.partner.example']}]
    protocols: [{tcp: {destinationPort: {number: 443}}}]
  - action: Deny
    to: [{networks: [0.0.0.0/0]}]
`);
    const t = traceRoute(m, { from: 'pod:shop/api', to: 'ip:198.51.100.9', port: 443 });
    expect(t.verdict).toBe('dropped');
    const f = t.findings.find((x) => x.code === 'POLICY_DEPENDS_ON_DNS')!;
    expect(f.detail).toContain(
      'ClusterNetworkPolicy egress-allowlist egress rule #0 "partner" allows egress from shop/api by DNS name (*.partner.example)',
    );
    expect(f.detail).toContain(
      'Assumed: 198.51.100.9 is not among the addresses *.partner.example resolved to',
    );
    expect(f.evidence).toEqual([
      {
        kind: 'ClusterNetworkPolicy',
        name: 'egress-allowlist',
        field: 'spec.egress[0].to[0].domainNames',
        value: '*.partner.example',
      },
    ]);
  });
});
