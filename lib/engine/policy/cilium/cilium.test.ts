// Cilium policy semantics, case by case. There is no independent Cilium test suite to
// compare against, so every case follows a named upstream page or source file:
//   L3   https://docs.cilium.io/en/stable/security/policy/language/#layer-3-examples
//   L4   https://docs.cilium.io/en/stable/security/policy/language/#layer-4-examples
//   Deny https://docs.cilium.io/en/stable/security/policy/language/#deny-policies
//   Modes https://docs.cilium.io/en/stable/security/policy/intro/ (Policy Enforcement Modes)
//   source: cilium/cilium pkg/policy/api (entity.go, l4.go, rule.go, selector.go, icmp.go)

import { describe, expect, it } from 'vitest';
import { formatConnections, isEmptyConnections } from '../../net/connection-set';
import { allowedConnections } from '../evaluate';
import { ccnp, ciliumModel, cnp, ip, knp, pod, verdict } from '../testing/cilium-cluster';

describe('endpoint selectors and reserved labels (L3: Labels based)', () => {
  it("a CiliumNetworkPolicy's endpointSelector and fromEndpoints stay in its own namespace", () => {
    // L3 "An empty EndpointSelector will select all endpoints in the namespace of the
    // policy" (cilium/cilium#14580 made the docs say so).
    const m = ciliumModel(
      cnp(
        'shop',
        'api-in',
        'endpointSelector: {matchLabels: {app: api}}\ningress:\n- fromEndpoints: [{matchLabels: {app: web}}]',
      ),
    );
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api')).allowed).toBe(true);
    // ops/web has the same labels but lives in another namespace.
    const other = verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api'));
    expect(other.allowed).toBe(false);
    expect(other.ingress.explanation).toBe(
      'shop/api is isolated for ingress by CiliumNetworkPolicy shop/api-in and no rule allows it.',
    );
  });

  it('k8s:io.kubernetes.pod.namespace in a selector lifts the namespace limit; k8s: and any: prefixes select the same pod label', () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'api-in',
        `endpointSelector: {matchLabels: {'k8s:app': api}}
ingress:
- fromEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': ops, 'any:app': web}}]`,
      ),
    );
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api')).allowed).toBe(false);
  });

  it('selects by service account and by namespace labels (io.cilium.k8s.namespace.labels.*)', () => {
    // L3 "Labels based": io.cilium.k8s.policy.serviceaccount; namespace labels are
    // exposed as io.cilium.k8s.namespace.labels.<key> (cilium/cilium pkg/k8s/apis/cilium.io/const.go).
    const m = ciliumModel(
      ccnp(
        'api-in',
        `endpointSelector: {matchLabels: {app: api}}
ingress:
- fromEndpoints:
  - matchLabels: {io.cilium.k8s.policy.serviceaccount: web-sa}
  - matchLabels: {io.cilium.k8s.namespace.labels.team: ops}`,
      ),
    );
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api')).allowed).toBe(true); // web-sa
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).allowed).toBe(true); // namespace team=ops
    expect(verdict(m, pod(m, 'shop/api'), pod(m, 'shop/api')).allowed).toBe(false); // default SA, team=shop
  });

  it('an empty fromEndpoints selector in a clusterwide policy means every pod, not the world', () => {
    // cilium/cilium#12890: a wildcard endpoint selector in a CCNP selects cluster endpoints.
    const m = ciliumModel(
      ccnp('all-pods', 'endpointSelector: {matchLabels: {app: api}}\ningress:\n- fromEndpoints: [{}]'),
    );
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).allowed).toBe(true);
    expect(verdict(m, ip('198.51.100.7'), pod(m, 'shop/api')).allowed).toBe(false);
  });
});

describe('entities (L3: Entities based; pkg/policy/api/entity.go)', () => {
  const egress = (entities: string) =>
    ciliumModel(
      cnp(
        'shop',
        'web-out',
        `endpointSelector: {matchLabels: {app: web}}\negress:\n- toEntities: [${entities}]`,
      ),
    );

  it('world is every address outside the cluster, and only that', () => {
    const m = egress('world');
    expect(verdict(m, pod(m, 'shop/web'), ip('198.51.100.7'), 443).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api')).allowed).toBe(false);
    expect(verdict(m, pod(m, 'shop/web'), ip('192.168.0.12')).allowed).toBe(false); // a node is not world
  });

  it('cluster covers pods, nodes and the API server but not the world', () => {
    const m = egress('cluster');
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'ops/web')).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), ip('192.168.0.12')).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), ip('172.16.0.5'), 6443).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), ip('198.51.100.7')).allowed).toBe(false);
  });

  it("host is the endpoint's own node, remote-node every other node", () => {
    const host = egress('host');
    // shop/web runs on n1 (192.168.0.11). Own-node traffic is allowed by the evaluator anyway,
    // so check remote-node on the other node and that host does not cover it.
    expect(verdict(host, pod(host, 'shop/web'), ip('192.168.0.12'), 10250).allowed).toBe(false);
    const remote = egress('remote-node');
    expect(verdict(remote, pod(remote, 'shop/web'), ip('192.168.0.12'), 10250).allowed).toBe(true);
  });

  it('kube-apiserver is the endpoints of default/kubernetes; all is everything; health/init/unmanaged/ingress match no model endpoint', () => {
    const api = egress('kube-apiserver');
    expect(verdict(api, pod(api, 'shop/web'), ip('172.16.0.5'), 6443).allowed).toBe(true);
    expect(verdict(api, pod(api, 'shop/web'), ip('198.51.100.7'), 443).allowed).toBe(false);
    const all = egress('all');
    expect(verdict(all, pod(all, 'shop/web'), ip('198.51.100.7'), 443).allowed).toBe(true);
    expect(verdict(all, pod(all, 'shop/web'), pod(all, 'shop/api')).allowed).toBe(true);
    const others = egress('health, init, unmanaged, ingress');
    expect(verdict(others, pod(others, 'shop/web'), pod(others, 'shop/api')).allowed).toBe(false);
    expect(verdict(others, pod(others, 'shop/web'), ip('198.51.100.7')).allowed).toBe(false);
  });
});

describe('CIDR rules (L3: IPs/CIDR based)', () => {
  it('toCIDRSet with except, toCIDR, and a cidrGroupRef to a CiliumCIDRGroup', () => {
    const group = `---
apiVersion: cilium.io/v2alpha1
kind: CiliumCIDRGroup
metadata: {name: partners}
spec: {externalCIDRs: [203.0.113.0/24]}
`;
    const m = ciliumModel(
      group +
        cnp(
          'shop',
          'web-out',
          `endpointSelector: {matchLabels: {app: web}}
egress:
- toCIDRSet: [{cidr: 198.51.100.0/24, except: [198.51.100.128/25]}]
- toCIDR: [192.0.2.1]
- toCIDRSet: [{cidrGroupRef: partners}]`,
        ),
    );
    const web = pod(m, 'shop/web');
    expect(verdict(m, web, ip('198.51.100.7')).allowed).toBe(true);
    expect(verdict(m, web, ip('198.51.100.200')).allowed).toBe(false);
    expect(verdict(m, web, ip('192.0.2.1')).allowed).toBe(true);
    expect(verdict(m, web, ip('203.0.113.9')).allowed).toBe(true);
    expect(verdict(m, web, ip('203.0.114.9')).allowed).toBe(false);
  });

  it('a CIDR covering pod and node IPs does not match them: they keep their own identity', () => {
    // cilium/cilium#9209 ("L3 policy denied for a k8s network ipBlock where ipBlock
    // belongs to podCIDR"), #19601 ("Cilium doesn't support using ipBlock statements to
    // match on pod IPs"), #12277 (node IPs get the host / remote-node identity).
    const m = ciliumModel(
      cnp('shop', 'web-out', 'endpointSelector: {matchLabels: {app: web}}\negress:\n- toCIDR: [0.0.0.0/0]'),
    );
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api')).allowed).toBe(false);
    expect(verdict(m, pod(m, 'shop/web'), ip('10.0.2.20')).allowed).toBe(false);
    expect(verdict(m, pod(m, 'shop/web'), ip('192.168.0.12')).allowed).toBe(false);
    expect(verdict(m, pod(m, 'shop/web'), ip('8.8.8.8')).allowed).toBe(true);
    // The same holds for a Kubernetes NetworkPolicy ipBlock on a Cilium cluster.
    const k = ciliumModel(
      cnp('ops', 'unrelated', 'endpointSelector: {}\ningress: [{fromEntities: [all]}]') +
        knp(
          'shop',
          'web-out',
          'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 10.0.0.0/8}}]}]',
        ),
    );
    expect(verdict(k, pod(k, 'shop/web'), pod(k, 'shop/api')).allowed).toBe(false);
  });
});

describe('toPorts (L4 examples; pkg/policy/api/l4.go)', () => {
  it('port, endPort range, protocol ANY (the default) and a named port', () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'api-in',
        `endpointSelector: {matchLabels: {app: api}}
ingress:
- fromEndpoints: [{matchLabels: {app: web}}]
  toPorts:
  - ports: [{port: '9000', endPort: 9010, protocol: TCP}, {port: '53'}, {port: http, protocol: TCP}]`,
      ),
    );
    const conns = allowedConnections(m, pod(m, 'shop/web'), pod(m, 'shop/api'));
    expect(formatConnections(conns)).toBe('SCTP 53,TCP 53,8080,9000-9010,UDP 53');
  });

  it('a rule with only toPorts allows every peer on those ports, the world included', () => {
    // L4 "Limit ingress/egress ports": "to any layer 3 destination".
    const m = ciliumModel(
      cnp(
        'shop',
        'web-out',
        "endpointSelector: {matchLabels: {app: web}}\negress:\n- toPorts: [{ports: [{port: '443', protocol: TCP}]}]",
      ),
    );
    expect(verdict(m, pod(m, 'shop/web'), ip('198.51.100.7'), 443).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 443).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 80).allowed).toBe(false);
  });
});

describe('default deny and the empty rule (Policy Enforcement Modes)', () => {
  it('an empty rule {} allows nothing but puts the endpoint into default deny for that direction only', () => {
    // Modes: "If any rule selects an Endpoint and the rule has an ingress section, the
    // endpoint goes into default deny at ingress."
    const m = ciliumModel(cnp('shop', 'lock', 'endpointSelector: {matchLabels: {app: api}}\ningress:\n- {}'));
    const v = verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'));
    expect(v.allowed).toBe(false);
    expect(v.ingress.isolated).toBe(true);
    expect(verdict(m, pod(m, 'shop/api'), pod(m, 'shop/web')).allowed).toBe(true); // egress untouched
  });

  it('enableDefaultDeny: false leaves what the policy does not allow open', () => {
    // pkg/policy/api/rule.go EnableDefaultDeny: "If not specified, the default is true for
    // each traffic direction that has rules".
    const m = ciliumModel(
      cnp(
        'shop',
        'soft',
        `endpointSelector: {matchLabels: {app: api}}
enableDefaultDeny: {ingress: false}
ingress:
- fromEndpoints: [{matchLabels: {app: web}}]`,
      ),
    );
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).allowed).toBe(true);
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).ingress.isolated).toBe(false);
  });

  it('Kubernetes NetworkPolicy and Cilium allows add up; either one selecting the pod isolates it', () => {
    const m = ciliumModel(
      knp(
        'shop',
        'from-ops',
        'podSelector: {matchLabels: {app: api}}\ningress: [{from: [{namespaceSelector: {matchLabels: {team: ops}}}]}]',
      ) +
        cnp(
          'shop',
          'from-web',
          'endpointSelector: {matchLabels: {app: api}}\ningress:\n- fromEndpoints: [{matchLabels: {app: web}}]',
        ),
    );
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).allowed).toBe(true);
    const v = verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'));
    expect(v.allowed).toBe(true);
    expect(
      v.ingress.decidedBy.map((r) => `${r.policy.kind} ${r.policy.name} ${r.ruleList} #${r.ruleIndex}`),
    ).toEqual(['CiliumNetworkPolicy from-web ingress #0']);
    expect(verdict(m, pod(m, 'shop/api'), pod(m, 'shop/api')).allowed).toBe(false);
    expect(
      verdict(m, pod(m, 'shop/api'), pod(m, 'shop/api')).ingress.selectingPolicies.map((r) => r.kind),
    ).toEqual(['NetworkPolicy', 'CiliumNetworkPolicy']);
  });
});

describe('deny policies (Deny Policies)', () => {
  it('a clusterwide egressDeny to world overrides a Kubernetes NetworkPolicy egress allow', () => {
    // Deny: "Deny policies take precedence over allow policies regardless of whether they
    // are a Cilium Network Policy, a Clusterwide Cilium Network Policy or even a
    // Kubernetes Network Policy."
    const m = ciliumModel(
      knp(
        'shop',
        'web-out',
        'podSelector: {matchLabels: {app: web}}\npolicyTypes: [Egress]\negress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: 443}]}]',
      ) + ccnp('no-world', 'endpointSelector: {}\negressDeny:\n- toEntities: [world]'),
    );
    const v = verdict(m, pod(m, 'shop/web'), ip('198.51.100.7'), 443);
    expect(v.allowed).toBe(false);
    expect(v.egress.decidedBy).toEqual([
      {
        policy: { kind: 'CiliumClusterwideNetworkPolicy', name: 'no-world' },
        tier: 'networkpolicy',
        direction: 'Egress',
        ruleIndex: 0,
        ruleList: 'egressDeny',
        field: 'spec.egressDeny[0]',
        action: 'Deny',
      },
    ]);
    expect(v.egress.explanation).toBe(
      'CiliumClusterwideNetworkPolicy no-world egressDeny rule #0 denies it (Cilium deny rules take precedence over every allow).',
    );
    // The deny only covers the world: the pod may still reach the cluster where allowed.
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 443).egress.allowed).toBe(false); // no allow to pods (ipBlock ≠ pods)
  });

  it('ingressDeny with toPorts denies only those ports; the rest follows the allows', () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'api',
        `endpointSelector: {matchLabels: {app: api}}
ingress:
- fromEntities: [cluster]
ingressDeny:
- fromEndpoints: [{matchLabels: {'k8s:io.kubernetes.pod.namespace': ops}}]
  toPorts: [{ports: [{port: '8080', protocol: TCP}]}]`,
      ),
    );
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api'), 8080).allowed).toBe(false);
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api'), 9090).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 8080).allowed).toBe(true);
  });

  it('specs[] entries are separate rules, named by their spec', () => {
    const m = ciliumModel(`---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: multi, namespace: shop}
specs:
- endpointSelector: {matchLabels: {app: api}}
  ingress: [{fromEndpoints: [{matchLabels: {app: web}}]}]
- endpointSelector: {matchLabels: {app: api}}
  ingressDeny: [{fromEndpoints: [{matchLabels: {app: web}}], toPorts: [{ports: [{port: '22'}]}]}]
`);
    const v = verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 22);
    expect(v.allowed).toBe(false);
    expect(v.ingress.explanation).toBe(
      'CiliumNetworkPolicy shop/multi ingressDeny rule #0 (specs[1]) denies it (Cilium deny rules take precedence over every allow).',
    );
    expect(v.ingress.selectingPolicies).toEqual([
      { kind: 'CiliumNetworkPolicy', namespace: 'shop', name: 'multi' },
    ]);
  });
});

describe('toServices (L3: Services based)', () => {
  it("allows the Service's endpoints, by name or by label selector", () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'web-out',
        'endpointSelector: {matchLabels: {app: web}}\negress:\n- toServices: [{k8sService: {serviceName: payments}}]',
      ),
    );
    expect(verdict(m, pod(m, 'shop/web'), ip('203.0.113.50'), 443).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), ip('203.0.113.51'), 443).allowed).toBe(false);
  });
});

describe('a cluster without Cilium policies', () => {
  it('evaluates exactly as before: no Cilium fields on the decision', () => {
    const m = ciliumModel(knp('shop', 'in', 'podSelector: {}\ningress: []'));
    const v = verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'));
    expect(v.ingress.explanation).toBe(
      'shop/api is isolated for ingress by NetworkPolicy shop/in and no rule allows it.',
    );
    expect(m.ciliumPolicies).toBeUndefined();
  });
});

describe('namespace scoping of CiliumNetworkPolicy peer selectors (pkg/k8s/apis/cilium.io/utils/utils.go)', () => {
  it('a selector on io.cilium.k8s.namespace.labels.* is not limited to the policy namespace; reserved: selectors are not either', () => {
    // utils.go test "Don't add namespace when namespace label prefix is already present".
    const m = ciliumModel(
      cnp(
        'shop',
        'api-in',
        `endpointSelector: {matchLabels: {app: api}}
ingress:
- fromEndpoints: [{matchLabels: {io.cilium.k8s.namespace.labels.team: ops}}]
- fromEndpoints: [{matchLabels: {'reserved:remote-node': ''}}]`,
      ),
    );
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api')).allowed).toBe(false);
    expect(verdict(m, ip('192.168.0.11'), pod(m, 'shop/api')).allowed).toBe(true); // n1 is remote for api on n2
  });
});

describe('host policies (nodeSelector)', () => {
  it('a clusterwide policy with nodeSelector polices traffic to the node itself', () => {
    // https://docs.cilium.io/en/stable/security/host-firewall/ : "Host policies ... use
    // nodeSelector instead of endpointSelector"; the node is reached as host/remote-node.
    const m = ciliumModel(
      ccnp(
        'node-ssh',
        `nodeSelector: {matchLabels: {role: worker}}
ingress:
- fromEntities: [cluster]
  toPorts: [{ports: [{port: '10250', protocol: TCP}]}]`,
      ),
    );
    expect(verdict(m, pod(m, 'shop/web'), ip('192.168.0.12'), 10250).allowed).toBe(true);
    const ssh = verdict(m, ip('198.51.100.7'), ip('192.168.0.12'), 22);
    expect(ssh.allowed).toBe(false);
    expect(ssh.ingress.explanation).toBe(
      '192.168.0.12 is isolated for ingress by CiliumClusterwideNetworkPolicy node-ssh and no rule allows it.',
    );
  });
});

describe('more L3/L4 constructs', () => {
  it('toServices by k8sServiceSelector, and fromCIDRSet at ingress', () => {
    // L3 "Services based": k8sServiceSelector selects Services by label in a namespace.
    const m = ciliumModel(
      `---
apiVersion: v1
kind: Service
metadata: {name: ext-db, namespace: shop, labels: {external: 'yes'}}
spec: {clusterIP: 10.96.7.7, ports: [{port: 5432}]}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata: {name: ext-db-1, namespace: shop, labels: {kubernetes.io/service-name: ext-db}}
addressType: IPv4
endpoints: [{addresses: [192.0.2.40]}]
ports: [{port: 5432, protocol: TCP}]
` +
        cnp(
          'shop',
          'web-out',
          `endpointSelector: {matchLabels: {app: web}}
egress:
- toServices: [{k8sServiceSelector: {selector: {matchLabels: {external: 'yes'}}, namespace: shop}}]`,
        ) +
        cnp(
          'shop',
          'api-in',
          `endpointSelector: {matchLabels: {app: api}}
ingress:
- fromCIDRSet: [{cidr: 198.51.100.0/24, except: [198.51.100.0/28]}]`,
        ),
    );
    expect(verdict(m, pod(m, 'shop/web'), ip('192.0.2.40'), 5432).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), ip('203.0.113.50'), 443).allowed).toBe(false); // payments: not selected
    expect(verdict(m, ip('198.51.100.77'), pod(m, 'shop/api')).allowed).toBe(true);
    expect(verdict(m, ip('198.51.100.7'), pod(m, 'shop/api')).allowed).toBe(false);
  });

  it('cidrGroupSelector selects CiliumCIDRGroups by label', () => {
    const m = ciliumModel(
      `---
apiVersion: cilium.io/v2
kind: CiliumCIDRGroup
metadata: {name: vendor-a, labels: {vendor: 'true'}}
spec: {externalCIDRs: [192.0.2.0/28]}
---
apiVersion: cilium.io/v2
kind: CiliumCIDRGroup
metadata: {name: other}
spec: {externalCIDRs: [192.0.2.128/28]}
` +
        cnp(
          'shop',
          'web-out',
          "endpointSelector: {matchLabels: {app: web}}\negress:\n- toCIDRSet: [{cidrGroupSelector: {matchLabels: {vendor: 'true'}}}]",
        ),
    );
    expect(verdict(m, pod(m, 'shop/web'), ip('192.0.2.5')).allowed).toBe(true);
    expect(verdict(m, pod(m, 'shop/web'), ip('192.0.2.130')).allowed).toBe(false);
  });

  it('a protocol-specific port leaves the other protocols closed; SCTP is a protocol of its own', () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'api-in',
        `endpointSelector: {matchLabels: {app: api}}
ingress:
- toPorts: [{ports: [{port: '5060', protocol: UDP}, {port: '3868', protocol: SCTP}]}]`,
      ),
    );
    const conns = allowedConnections(m, pod(m, 'shop/web'), pod(m, 'shop/api'));
    expect(formatConnections(conns)).toBe('SCTP 3868,UDP 5060');
  });

  it('an ingressDeny without toPorts denies every port, even against an allow-all from the same peer', () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'api',
        `endpointSelector: {matchLabels: {app: api}}
ingress: [{fromEntities: [all]}]
ingressDeny: [{fromEntities: [world]}]`,
      ),
    );
    expect(isEmptyConnections(allowedConnections(m, ip('198.51.100.7'), pod(m, 'shop/api')))).toBe(true);
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api'), 22).allowed).toBe(true);
  });
});
