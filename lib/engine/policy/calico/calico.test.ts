// Calico tiered evaluation on small, realistic dumps (YAML through the real ingest).
// Upstream followed:
// - docs.tigera.io/calico/latest/network-policy/policy-tiers/tiered-policy (tiers by
//   order, Pass to the next tier, end-of-tier deny, profiles last)
// - docs.tigera.io/calico/latest/reference/resources/tier (order, defaultAction)
// - docs.tigera.io/calico/latest/reference/resources/networkpolicy and
//   globalnetworkpolicy (order, selector, types inference, rule actions, EntityRule)
// - projectcalico/calico api/pkg/apis/projectcalico/v3/tier.go (tier orders 1,000 /
//   1,000,000 / 10,000,000), felix/rules/endpoints.go (end-of-tier drop, profiles),
//   libcalico-go/lib/backend/syncersv1/updateprocessors/rules.go (selector scoping).
import { describe, expect, it } from 'vitest';
import { formatConnections } from '../../net/connection-set';
import { modelOfYaml } from '../../../../test/fixtures/ingest/model';
import type { ClusterModel } from '../../../model';
import { allowedConnections, evaluateConnection } from '../evaluate';
import type { PeerEndpoint } from '../types';

const base = `
apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: shop}}
---
apiVersion: v1
kind: Namespace
metadata: {name: ops, labels: {team: ops}}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {serviceAccountName: web-sa, containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]}
status: {podIP: 10.0.1.10}
---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: shop, labels: {app: db}}
spec: {containers: [{name: c, image: x, ports: [{name: pg, containerPort: 5432}]}]}
status: {podIP: 10.0.1.20}
---
apiVersion: v1
kind: Pod
metadata: {name: mon, namespace: ops, labels: {app: mon}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.2.30}
`;

const m = (yaml: string): ClusterModel => modelOfYaml(`${base}---\n${yaml}`);
const pod = (model: ClusterModel, key: string): PeerEndpoint => ({ type: 'pod', pod: model.pods.get(key)! });
const ip = (a: string): PeerEndpoint => ({ type: 'ip', ip: a });
const conns = (model: ClusterModel, from: string, to: string) =>
  formatConnections(allowedConnections(model, pod(model, from), pod(model, to)));

const platform = `
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: platform}
spec: {order: 100}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: platform.pass-apps}
spec:
  tier: platform
  order: 10
  selector: projectcalico.org/namespace == "shop"
  types: [Ingress, Egress]
  ingress: [{action: Pass, source: {namespaceSelector: team == "shop"}}]
  egress: [{action: Pass, destination: {namespaceSelector: team == "shop"}}]
`;

describe('Calico objects are told apart by API group', () => {
  it('a projectcalico.org/v3 NetworkPolicy is not read as a Kubernetes NetworkPolicy', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db-only-web, namespace: shop}
spec:
  selector: app == "db"
  ingress: [{action: Allow, protocol: TCP, source: {selector: app == "web"}, destination: {ports: [5432]}}]
`);
    expect(model.networkPolicies).toHaveLength(0);
    expect(model.calico?.policies.map((p) => [p.kind, p.name, p.tier, p.types])).toEqual([
      ['NetworkPolicy', 'db-only-web', 'default', ['Ingress']],
    ]);
    // Its selector picks only db: web is not isolated for ingress.
    expect(conns(model, 'shop/db', 'shop/web')).toBe('All Connections');
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 5432');
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('No Connections');
  });
});

describe('tiers, Pass and the end of a tier', () => {
  it('Pass hands on to the default tier; with no application policy the profile allows', () => {
    const model = m(platform);
    const v = evaluateConnection(model, pod(model, 'shop/web'), pod(model, 'shop/db'), 'TCP', 5432);
    expect(v.allowed).toBe(true);
    expect(v.ingress.decidedAt).toBe('profile');
    expect(v.ingress.decidedBy.map((r) => [r.policy.kind, r.policy.name, r.calicoTier, r.action])).toEqual([
      ['GlobalNetworkPolicy', 'platform.pass-apps', 'platform', 'Pass'],
      ['Profile', 'kns.shop', 'profiles', 'Allow'],
    ]);
  });

  it('what the platform tier does not pass is denied at the end of the tier', () => {
    const model = m(platform);
    const v = evaluateConnection(model, pod(model, 'ops/mon'), pod(model, 'shop/db'), 'TCP', 5432);
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedAt).toBe('calico');
    expect(v.ingress.explanation).toContain('tier platform');
    expect(v.ingress.explanation).toContain('default action Deny');
  });

  it('a default-tier policy that selects db but allows only mon denies web at the end of the default tier', () => {
    const model = m(`${platform}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  order: 100
  selector: app == "db"
  ingress: [{action: Allow, source: {namespaceSelector: team == "ops"}}]
`);
    const v = evaluateConnection(model, pod(model, 'shop/web'), pod(model, 'shop/db'), 'TCP', 5432);
    expect(v.allowed).toBe(false);
    expect(v.ingress.decidedBy.map((r) => r.action)).toEqual(['Pass']);
    expect(v.ingress.explanation).toMatch(
      /passes it on, then policies of Calico tier default select shop\/db/,
    );
  });

  it('a Tier with defaultAction Pass hands unmatched traffic on', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: security}
spec: {order: 50, defaultAction: Pass}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: security.block-ops}
spec:
  tier: security
  selector: all()
  ingress: [{action: Deny, source: {namespaceSelector: team == "ops"}}]
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('All Connections');
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('No Connections');
  });

  it('policies run by order, nil order last, ties by name; the first matching rule decides', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: b-allow}
spec: {selector: app == "db", ingress: [{action: Allow}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: a-deny-80}
spec: {order: 5, selector: app == "db", ingress: [{action: Deny, protocol: TCP, destination: {ports: [80]}}]}
`);
    expect(model.calico!.policies.map((p) => p.name)).toEqual(['a-deny-80', 'b-allow']);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('All Connections except TCP 80');
  });

  it('Log gives no verdict and evaluation goes on', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: log-then-allow-tcp}
spec: {selector: app == "db", ingress: [{action: Log}, {action: Allow, protocol: TCP}]}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 1-65535');
  });

  it('Kubernetes NetworkPolicies are order-1000 policies of the default tier', () => {
    const model = m(`
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow-web, namespace: shop}
spec: {podSelector: {matchLabels: {app: db}}, ingress: [{from: [{podSelector: {matchLabels: {app: web}}}]}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-udp-first}
spec: {order: 500, selector: app == "db", ingress: [{action: Deny, protocol: UDP}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: allow-udp-later}
spec: {order: 2000, selector: app == "db", ingress: [{action: Allow, protocol: UDP}]}
`);
    // order 500 (Deny UDP) < 1000 (the k8s policy allows web) < 2000 (never reached for web).
    expect(conns(model, 'shop/web', 'shop/db')).toBe('All Connections except UDP 1-65535');
    // mon is not matched by the k8s policy; the order-2000 GNP allows UDP... after the Deny UDP at 500: nothing.
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('No Connections');
    const v = evaluateConnection(model, pod(model, 'shop/web'), pod(model, 'shop/db'), 'TCP', 1);
    expect(v.ingress.decidedBy[0]).toMatchObject({
      policy: { kind: 'NetworkPolicy', name: 'allow-web' },
      tier: 'networkpolicy',
      calicoTier: 'default',
      apiGroup: 'networking.k8s.io',
    });
  });
});

describe('rule fields', () => {
  it('a namespaced rule selector applies within the policy namespace unless namespaceSelector is given', () => {
    const model = m(`
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: ops, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.2.40}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db, namespace: shop}
spec:
  selector: app == "db"
  ingress:
  - {action: Allow, source: {selector: app == "web"}}
  - {action: Allow, source: {selector: app == "mon", namespaceSelector: all()}}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('All Connections');
    expect(conns(model, 'ops/web', 'shop/db')).toBe('No Connections');
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('All Connections');
  });

  it('serviceAccounts names match projectcalico.org/serviceaccount; ports, named ports and notPorts', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec:
  selector: app == "db"
  ingress:
  - {action: Allow, protocol: TCP, source: {serviceAccounts: {names: [web-sa]}}, destination: {ports: ["5000:5500"], notPorts: [5100]}}
  - {action: Allow, protocol: UDP, source: {namespaceSelector: global()}}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 5000-5099,5101-5500');
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('No Connections');
    const named = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec: {selector: app == "db", ingress: [{action: Allow, protocol: TCP, destination: {ports: [pg]}}]}
`);
    expect(conns(named, 'shop/web', 'shop/db')).toBe('TCP 5432');
  });

  // An ICMP rule with a type allows that type's messages, every code
  // (docs.tigera.io/calico/latest/reference/resources/networkpolicy#icmp).
  it('nets match pod addresses too; notNets exclude them; an ICMP-only rule allows ICMP only', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec:
  selector: app == "db"
  ingress:
  - {action: Allow, protocol: ICMP, icmp: {type: 8}}
  - {action: Allow, protocol: TCP, source: {nets: [10.0.1.0/24], notNets: [10.0.1.99/32]}}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 1-65535,ICMP type 8');
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('ICMP type 8');
    expect(formatConnections(allowedConnections(model, ip('10.0.1.7'), pod(model, 'shop/db')))).toBe(
      'TCP 1-65535,ICMP type 8',
    );
  });

  it('notProtocol and a GlobalNetworkSet matched by its labels', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkSet
metadata: {name: partners, labels: {kind: partner}}
spec: {nets: [192.0.2.0/24]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec:
  selector: app == "db"
  ingress: [{action: Allow, notProtocol: UDP, source: {selector: kind == "partner"}}]
`);
    expect(formatConnections(allowedConnections(model, ip('192.0.2.5'), pod(model, 'shop/db')))).toBe(
      'All Connections except UDP 1-65535',
    );
    expect(formatConnections(allowedConnections(model, ip('198.51.100.5'), pod(model, 'shop/db')))).toBe(
      'No Connections',
    );
  });

  it('types are inferred: egress rules only → Egress', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: web-out}
spec: {selector: app == "web", egress: [{action: Allow, protocol: TCP, destination: {ports: [5432]}}]}
`);
    expect(model.calico!.policies[0]!.types).toEqual(['Egress']);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 5432');
    expect(conns(model, 'shop/db', 'shop/web')).toBe('All Connections');
  });
});

describe('host endpoints and profiles', () => {
  it('a host endpoint with no profile and no policy denies; projectcalico-default-allow allows', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0, labels: {role: node}}
spec: {node: node1, interfaceName: eth0, expectedIPs: [192.168.0.10]}
---
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node2-eth0, labels: {role: node}}
spec: {node: node2, interfaceName: eth0, expectedIPs: [192.168.0.11], profiles: [projectcalico-default-allow]}
`);
    expect(formatConnections(allowedConnections(model, pod(model, 'shop/web'), ip('192.168.0.10')))).toBe(
      'No Connections',
    );
    expect(formatConnections(allowedConnections(model, pod(model, 'shop/web'), ip('192.168.0.11')))).toBe(
      'All Connections',
    );
  });
});

describe('protocols and nets as Calico reads them', () => {
  // docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule: protocol is a
  // name or an integer 1-255; #entityrule: notNets matches when the address is outside
  // every CIDR, so an endpoint without a known address is matched by neither form.
  const policy = (rule: string) => `
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: db-in, namespace: shop}
spec:
  selector: app == 'db'
  types: [Ingress]
  ingress:
  - ${rule}
`;
  it('protocol 6 is TCP', () => {
    const model = m(policy(`{action: Allow, protocol: 6, destination: {ports: [5432]}}`));
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 5432');
  });
  it('notNets does not match a pod whose address is unknown', () => {
    const model = m(`${policy(`{action: Allow, source: {notNets: [0.0.0.0/1]}}`)}---
apiVersion: v1
kind: Pod
metadata: {name: job, namespace: shop, labels: {app: job}}
spec: {containers: [{name: c, image: x}]}
`);
    expect(conns(model, 'shop/job', 'shop/db')).toBe('No Connections');
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('No Connections');
    expect(formatConnections(allowedConnections(model, ip('200.1.1.1'), pod(model, 'shop/db')))).toBe(
      'All Connections',
    );
  });

  it('doNotTrack policies decide first at a host endpoint; preDNAT Allow only hands on to the normal policies', () => {
    const hep = `
apiVersion: projectcalico.org/v3
kind: HostEndpoint
metadata: {name: node1-eth0, labels: {role: node}}
spec: {node: node1, interfaceName: eth0, expectedIPs: [192.168.0.10], profiles: [projectcalico-default-allow]}
`;
    const untracked = m(`${hep}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: untracked-allow-ssh}
spec: {order: 1, selector: role == "node", doNotTrack: true, applyOnForward: true, ingress: [{action: Allow, protocol: TCP, destination: {ports: [22]}}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: deny-all-to-nodes}
spec: {order: 10, selector: role == "node", ingress: [{action: Deny}]}
`);
    expect(
      formatConnections(allowedConnections(untracked, pod(untracked, 'shop/web'), ip('192.168.0.10'))),
    ).toBe('TCP 22');
    const v = evaluateConnection(untracked, pod(untracked, 'shop/web'), ip('192.168.0.10'), 'TCP', 22);
    expect(v.ingress.calico?.chain.map((s) => [s.stage, s.tier, s.verdict])).toEqual([
      ['doNotTrack', 'default', 'Allow'],
    ]);
    const preDnat = m(`${hep}---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: prednat-allow-web}
spec: {order: 1, selector: role == "node", preDNAT: true, applyOnForward: true, ingress: [{action: Allow, source: {nets: [10.0.1.0/24]}}, {action: Deny}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: nodes-tcp-only}
spec: {order: 10, selector: role == "node", ingress: [{action: Allow, protocol: TCP}]}
`);
    // web (10.0.1.10) passes preDNAT, then the normal policy allows TCP only; mon (10.0.2.30) is denied pre-DNAT.
    expect(formatConnections(allowedConnections(preDnat, pod(preDnat, 'shop/web'), ip('192.168.0.10')))).toBe(
      'TCP 1-65535',
    );
    expect(formatConnections(allowedConnections(preDnat, pod(preDnat, 'ops/mon'), ip('192.168.0.10')))).toBe(
      'No Connections',
    );
    // doNotTrack / preDNAT policies never apply to workloads.
    expect(conns(preDnat, 'ops/mon', 'shop/web')).toBe('All Connections');
  });

  it('a Profile object replaces the generated kns profile; Pass from the last tier goes to the profiles', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: Profile
metadata: {name: kns.shop}
spec:
  ingress: [{action: Allow, protocol: TCP}]
  egress: [{action: Allow}]
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: pass-everything}
spec: {selector: all(), ingress: [{action: Pass}]}
`);
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('TCP 1-65535');
    expect(conns(model, 'shop/db', 'ops/mon')).toBe('All Connections');
    const v = evaluateConnection(model, pod(model, 'ops/mon'), pod(model, 'shop/db'), 'UDP', 53);
    expect(v.ingress.decidedAt).toBe('profile');
    expect(v.ingress.explanation).toMatch(/no profile rule of shop\/db matches, so Calico drops it/);
  });

  it('a Calico tier ordered before 1000 runs before the kube-admin tier of AdminNetworkPolicies', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: Tier
metadata: {name: first}
spec: {order: 10}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: first.allow-db}
spec: {tier: first, selector: app == "db", ingress: [{action: Allow, protocol: TCP}, {action: Pass}]}
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-to-shop}
spec:
  priority: 5
  subject: {namespaces: {matchLabels: {team: shop}}}
  ingress: [{name: no, action: Deny, from: [{namespaces: {}}]}]
`);
    // TCP is allowed in tier first (order 10) before kube-admin (order 1000) denies; UDP is passed on to the ANP.
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('TCP 1-65535');
    const udp = evaluateConnection(model, pod(model, 'ops/mon'), pod(model, 'shop/db'), 'UDP', 53);
    expect(udp.ingress.decidedBy.map((r) => r.action)).toEqual(['Pass', 'Deny']);
    expect(udp.ingress.decidedBy.at(-1)).toMatchObject({
      policy: { kind: 'AdminNetworkPolicy', name: 'deny-to-shop' },
      calicoTier: 'kube-admin',
      action: 'Deny',
    });
  });

  it("destination services match the addresses of the Service's endpoints", () => {
    const model = m(`
apiVersion: v1
kind: Service
metadata: {name: db, namespace: shop}
spec: {selector: {app: db}, ports: [{port: 5432}], clusterIP: 10.96.0.10}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: web-to-db-service}
spec: {selector: app == "web", egress: [{action: Allow, protocol: TCP, destination: {services: {name: db, namespace: shop}}}]}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 1-65535');
    expect(conns(model, 'shop/web', 'ops/mon')).toBe('No Connections');
  });
});

describe('protocols, ICMP type/code and source ports', () => {
  // docs.tigera.io/calico/latest/reference/resources/networkpolicy#rule: `protocol` /
  // `notProtocol` take a name (TCP, UDP, ICMP, ICMPv6, SCTP, UDPLite) or a number 1-255;
  // #icmp: `type` alone matches every code, `notICMP` is a negative match on type and code.
  it('a numbered protocol (112, VRRP) is allowed by itself, and notProtocol removes one protocol', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec:
  selector: app == "db"
  ingress:
  - {action: Allow, protocol: 112, source: {selector: app == "web"}}
  - {action: Allow, notProtocol: TCP, source: {selector: app == "mon"}}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('protocol 112');
    expect(conns(model, 'ops/mon', 'shop/db')).toBe('All Connections except TCP 1-65535');
  });

  it('icmp with notICMP: echo request of every code but 1', () => {
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec:
  selector: app == "db"
  ingress:
  - {action: Allow, protocol: ICMP, icmp: {type: 8}, notICMP: {type: 8, code: 1}}
  - {action: Allow, protocol: ICMPv6, notICMP: {type: 128}}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('ICMP type 8/0+2-255,ICMPv6 type 0-127,129-255');
  });

  it('source ports are matched against the source port, destination ports against the destination', () => {
    // #entityrule: "ports: Positive match on the specified ports" of the entity (source or destination).
    const model = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec:
  selector: app == "db"
  ingress:
  - {action: Allow, protocol: TCP, source: {ports: [1024:65535], notPorts: [40000]}, destination: {ports: [5432]}}
`);
    expect(conns(model, 'shop/web', 'shop/db')).toBe('TCP 5432 src 1024-39999+40001-65535');
    // A traced client uses an ephemeral port (32768-60999), which includes the excluded 40000.
    expect(
      evaluateConnection(model, pod(model, 'shop/web'), pod(model, 'shop/db'), 'TCP', 5432).allowed,
    ).toBe(false);
    const open = m(`
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: db}
spec:
  selector: app == "db"
  ingress: [{action: Allow, protocol: TCP, source: {ports: [1024:65535]}, destination: {ports: [5432]}}]
`);
    expect(evaluateConnection(open, pod(open, 'shop/web'), pod(open, 'shop/db'), 'TCP', 5432).allowed).toBe(
      true,
    );
  });
});
