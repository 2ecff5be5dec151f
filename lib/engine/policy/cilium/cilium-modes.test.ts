// Cilium policy semantics, case by case (continued from cilium.test.ts: enforcement modes,
// denial reasons, ICMP). There is no independent Cilium test suite to
// compare against, so every case follows a named upstream page or source file:
//   L3   https://docs.cilium.io/en/stable/security/policy/language/#layer-3-examples
//   L4   https://docs.cilium.io/en/stable/security/policy/language/#layer-4-examples
//   Deny https://docs.cilium.io/en/stable/security/policy/language/#deny-policies
//   Modes https://docs.cilium.io/en/stable/security/policy/intro/ (Policy Enforcement Modes)
//   source: cilium/cilium pkg/policy/api (entity.go, l4.go, rule.go, selector.go, icmp.go)

import { describe, expect, it } from 'vitest';
import { formatConnections } from '../../net/connection-set';
import { allowedConnections } from '../evaluate';
import { ciliumModel, cnp, knp, pod, verdict } from '../testing/cilium-cluster';

describe('policy enforcement modes (enable-policy in cilium-config)', () => {
  // Modes: "always: policy enforcement is enabled on all endpoints even if no rules
  // select specific endpoints"; "never: ... all traffic is allowed from any source (on
  // ingress) or destination (on egress)".
  const config = (mode: string) => `---
apiVersion: v1
kind: ConfigMap
metadata: {name: cilium-config, namespace: kube-system}
data: {enable-policy: ${mode}}
`;
  const policy = cnp(
    'shop',
    'api-in',
    'endpointSelector: {matchLabels: {app: api}}\ningress:\n- fromEndpoints: [{matchLabels: {app: web}}]',
  );

  it('always: an endpoint no policy selects is in default deny too', () => {
    const m = ciliumModel(config('always') + policy);
    const v = verdict(m, pod(m, 'shop/api'), pod(m, 'ops/web'));
    expect(v.allowed).toBe(false);
    expect(v.egress.explanation).toBe(
      'shop/api is in default deny for egress (Cilium enable-policy=always) and no rule allows it.',
    );
  });

  it('never: nothing is enforced, Kubernetes NetworkPolicies included', () => {
    const m = ciliumModel(
      config('never') + policy + knp('ops', 'deny', 'podSelector: {}\npolicyTypes: [Ingress]'),
    );
    const v = verdict(m, pod(m, 'shop/web'), pod(m, 'ops/web'));
    expect(v.allowed).toBe(true);
    expect(v.ingress.explanation).toBe(
      'Cilium runs with enable-policy=never: no policy is enforced, so it is allowed.',
    );
    expect(verdict(m, pod(m, 'ops/web'), pod(m, 'shop/api')).allowed).toBe(true);
  });
});

describe('denial reasons name every selecting Cilium policy and why its rules do not match', () => {
  it('lists the peers, ports and the empty rule', () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'api-in',
        `endpointSelector: {matchLabels: {app: api}}
ingress:
- fromEndpoints: [{matchLabels: {app: web}}]
  toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
- fromCIDR: [10.0.0.0/8]
- {}`,
      ),
    );
    const v = verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 9090);
    expect(v.allowed).toBe(false);
    expect(v.ingress.reasons).toEqual([
      'CiliumNetworkPolicy shop/api-in: ingress rule #0 matches shop/web but allows only TCP 8080, not TCP 9090; ' +
        'ingress rule #1 does not match source shop/web (its peers: fromCIDR 10.0.0.0/8) (CIDR rules match only addresses outside the cluster); ' +
        'ingress rule #2 is empty ({}) and allows nothing',
    ]);
  });
});

describe('icmps (ICMPRule)', () => {
  // cilium pkg/policy/api/icmp.go: an ICMPField has a family (IPv4 by default) and a type,
  // a number 0-255 or a CamelCase name (EchoRequest = 8 for IPv4, 128 for IPv6); each field
  // becomes one more port rule (GetPortRule), so a rule's L4 is its toPorts and its icmps.
  // docs.cilium.io/en/stable/security/policy/language/#icmp-icmpv6-types.
  it('icmps alone allow those ICMP types only; with toPorts, both', () => {
    const m = ciliumModel(
      cnp(
        'shop',
        'api-in',
        `endpointSelector: {matchLabels: {app: api}}
ingress:
- fromEndpoints: [{matchLabels: {app: web}}]
  icmps: [{fields: [{type: EchoRequest}, {type: EchoRequest, family: IPv6}, {type: 3}]}]
- fromEndpoints: [{}]
  toPorts: [{ports: [{port: '8080', protocol: TCP}]}]
  icmps: [{fields: [{type: 0}]}]`,
      ),
    );
    expect(formatConnections(allowedConnections(m, pod(m, 'shop/web'), pod(m, 'shop/api')))).toBe(
      'TCP 8080,ICMP type 0,3,8,ICMPv6 type 128',
    );
    expect(verdict(m, pod(m, 'shop/web'), pod(m, 'shop/api'), 9090).allowed).toBe(false);
  });

  it('a type name of the wrong family is an error naming the field', () => {
    expect(() =>
      ciliumModel(
        cnp(
          'shop',
          'api-in',
          `endpointSelector: {matchLabels: {app: api}}
ingress:
- icmps: [{fields: [{type: PacketTooBig}]}]`,
        ),
      ),
    ).toThrow(/spec\.ingress\[0\]\.icmps\[0\]\.fields\[0\]\.type.*PacketTooBig.*IPv4/);
  });
});
