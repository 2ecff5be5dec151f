// Calico objects: read by API group, shape errors located at file / document / field.
// Field shapes: docs.tigera.io/calico/latest/reference/resources/networkpolicy (Rule,
// EntityRule, ports "a:b", protocol names and numbers), .../globalnetworkpolicy
// (doNotTrack / preDNAT need applyOnForward), .../tier (order, defaultAction).
import { describe, expect, it } from 'vitest';
import { modelOfYaml } from '../../../test/fixtures/ingest/model';

const err = (yaml: string): string => {
  try {
    modelOfYaml(yaml);
  } catch (e) {
    return (e as Error).message;
  }
  return 'no error';
};

describe('Calico ingest', () => {
  it('reads both API groups; the CRD form names default-tier policies default.NAME', () => {
    const m = modelOfYaml(`
apiVersion: crd.projectcalico.org/v1
kind: GlobalNetworkPolicy
metadata: {name: default.deny-all}
spec: {selector: all(), types: [Ingress, Egress]}
---
apiVersion: projectcalico.org/v3
kind: NetworkPolicy
metadata: {name: allow, namespace: shop}
spec: {order: 10, selector: app == 'db', ingress: [{action: Allow, protocol: 6, destination: {ports: ["80:90", 443, http]}}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: allow, namespace: shop}
spec: {podSelector: {}}
`);
    expect(m.networkPolicies.map((p) => p.name)).toEqual(['allow']);
    expect(m.calico!.policies.map((p) => `${p.apiGroup} ${p.kind} ${p.name} ${p.tier}`)).toEqual([
      'projectcalico.org NetworkPolicy allow default',
      'crd.projectcalico.org GlobalNetworkPolicy default.deny-all default',
    ]);
    expect(m.calico!.policies[0]!.ingress[0]).toMatchObject({
      action: 'Allow',
      protocol: 'TCP',
      destination: {
        ports: [
          { type: 'range', start: 80, end: 90 },
          { type: 'range', start: 443, end: 443 },
          { type: 'named', name: 'http' },
        ],
      },
    });
    expect(m.calico!.tiers.map((t) => [t.name, t.order])).toEqual([['default', 1_000_000]]);
    expect(m.warnings.filter((w) => w.code === 'IGNORED_KIND')).toEqual([]);
  });

  it('a model without Calico objects has no calico section', () => {
    expect(modelOfYaml('apiVersion: v1\nkind: Namespace\nmetadata: {name: a}\n').calico).toBeUndefined();
  });

  it('names file, document and field of a bad selector, with position and what was expected', () => {
    expect(
      err(`apiVersion: v1
kind: Namespace
metadata: {name: a}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: p}
spec: {selector: app = "x"}
`),
    ).toBe(
      'in.yaml: document 2: spec.selector: invalid selector "app = \\"x\\"" at position 4: expected ==, found "= \\"x\\""',
    );
  });

  it.each([
    ['spec: {ingress: [{protocol: TCP}]}', 'spec.ingress[0].action: required field is missing'],
    [
      'spec: {ingress: [{action: Reject}]}',
      'spec.ingress[0].action: "Reject" is not one of Allow, Deny, Pass, Log',
    ],
    [
      'spec: {ingress: [{action: Allow, destination: {ports: [80]}}]}',
      'spec.ingress[0].destination.ports: ports need protocol TCP, UDP, SCTP or UDPLite',
    ],
    [
      'spec: {ingress: [{action: Allow, protocol: TCP, destination: {ports: ["90:80"]}}]}',
      'spec.ingress[0].destination.ports[0]: "90:80": the range\'s end is below its start',
    ],
    // Named ports follow projectcalico/api pkg/lib/numorstring/port.go: [a-zA-Z0-9_.-]{1,128}
    // (longer than a Kubernetes port name: NCA's testcase15 names "no-exist-named-port1").
    [
      'spec: {ingress: [{action: Allow, protocol: TCP, destination: {notPorts: ["web port"]}}]}',
      'spec.ingress[0].destination.notPorts[0]: "web port" is not a port number, range or port name',
    ],
    ['spec: {ingress: [{action: Allow, protocol: GRE}]}', 'spec.ingress[0].protocol: "GRE" is not one of'],
    [
      'spec: {ingress: [{action: Allow, source: {nets: [10.0.0.0/33]}}]}',
      'spec.ingress[0].source.nets[0]: "10.0.0.0/33" is not a CIDR or an IP address',
    ],
    [
      'spec: {ingress: [{action: Allow, protocol: TCP, icmp: {type: 8}}]}',
      'spec.ingress[0].icmp: ICMP type/code needs protocol ICMP or ICMPv6',
    ],
    ['spec: {doNotTrack: true}', 'spec.applyOnForward: must be true when doNotTrack or preDNAT is set'],
    ['spec: {order: high}', 'spec.order: expected a number, got a string ("high")'],
    ['spec: {types: [Inbound]}', 'spec.types[0]: "Inbound" is not one of Ingress, Egress'],
  ])('GlobalNetworkPolicy %s', (spec, message) => {
    expect(
      err(`apiVersion: projectcalico.org/v3\nkind: GlobalNetworkPolicy\nmetadata: {name: p}\n${spec}\n`),
    ).toContain(`in.yaml: document 1: ${message}`);
  });

  it('checks Tier, HostEndpoint and NetworkSet fields', () => {
    expect(
      err(
        'apiVersion: projectcalico.org/v3\nkind: Tier\nmetadata: {name: t}\nspec: {defaultAction: Allow}\n',
      ),
    ).toContain('spec.defaultAction: "Allow" is not one of Deny, Pass');
    expect(
      err('apiVersion: projectcalico.org/v3\nkind: HostEndpoint\nmetadata: {name: h}\nspec: {node: n1}\n'),
    ).toContain('spec: a HostEndpoint needs interfaceName or expectedIPs');
    expect(
      err(
        'apiVersion: crd.projectcalico.org/v1\nkind: NetworkSet\nmetadata: {name: s, namespace: a}\nspec: {nets: [nope]}\n',
      ),
    ).toContain('spec.nets[0]: "nope" is not a CIDR or an IP address');
  });
});
