// IPv6 blocks of Calico and Cilium policies cut the IPv6 space of reach, as ipBlocks do:
// Calico nets take IPv6 CIDRs (docs.tigera.io/calico/latest/reference/resources/
// networkpolicy#entityrule "nets"), Cilium toCIDR / toCIDRSet too (docs.cilium.io/en/
// stable/security/policy/language/#ip-cidr-based), so a rule whose nets are all IPv6 is
// seen on the IPv6 ranges it names.

import { describe, expect, it } from 'vitest';
import { formatIPv6Interval } from '../net';
import { ciliumModel } from '../policy/testing/cilium-cluster';
import { modelOfYaml } from '../../../test/fixtures/ingest/model';
import { computeReach } from './compute-reach';
import { coversIPv6, destinationRangesV6, sourceRangesV6 } from './ip-ranges';

const calico = modelOfYaml(`
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: shop, labels: {app: web}}
spec: {containers: [{name: c, image: x}]}
status: {podIP: 10.0.1.10, podIPs: [{ip: 10.0.1.10}, {ip: 'fd00::10'}]}
---
apiVersion: projectcalico.org/v3
kind: GlobalNetworkPolicy
metadata: {name: web-out}
spec:
  selector: app == "web"
  egress: [{action: Allow, destination: {nets: ['2001:db8::/32'], notNets: ['2001:db8:1::/48']}}]
  ingress: [{action: Allow, source: {nets: ['2001:db8:ff::/48']}}]
`);

describe('IPv6 ranges of Calico and Cilium policies', () => {
  it('Calico nets and notNets cut the IPv6 space on both sides', () => {
    expect(coversIPv6(calico)).toBe(true);
    const dst = destinationRangesV6(calico).map(formatIPv6Interval);
    expect(dst).toContain('2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff');
    expect(dst).toContain('2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff');
    expect(sourceRangesV6(calico).map(formatIPv6Interval)).toContain(
      '2001:db8:ff::-2001:db8:ff:ffff:ffff:ffff:ffff:ffff',
    );
    const pairs = computeReach(calico, { granularity: 'pod' }).pairs.filter(
      (p) => p.from === 'shop/web[Pod]',
    );
    const to = (range: string) => pairs.find((p) => p.to === `${range}[External]`)?.conn;
    expect(to('2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff')).toBe('All Connections');
    expect(to('2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff')).toBeUndefined();
  });

  it('Cilium toCIDRSet with an IPv6 except cuts the IPv6 destinations', () => {
    const m = ciliumModel(`---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: web, namespace: shop}
spec:
  endpointSelector: {matchLabels: {app: web}}
  egress:
  - toCIDRSet: [{cidr: '2001:db8::/32', except: ['2001:db8:1::/48']}]
`);
    const dst = destinationRangesV6(m).map(formatIPv6Interval);
    expect(dst).toContain('2001:db8::-2001:db8:0:ffff:ffff:ffff:ffff:ffff');
    expect(dst).toContain('2001:db8:1::-2001:db8:1:ffff:ffff:ffff:ffff:ffff');
  });
});
