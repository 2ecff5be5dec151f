// The built-in demo scenarios, in the order the home page lists them: each broken cluster
// is followed by its fixed variant.

import type { Snapshot } from '../model/types';
import { SCENARIO_CAPTURED_AT } from './build/ids';
import type { Scenario } from './types';
import { calicoIpipCrossSubnet, calicoIpipCrossSubnetFixed } from './calico-ipip-crosssubnet';
import { ciliumDsrKernelUpgraded, ciliumDsrOldKernel } from './cilium-dsr-old-kernel';
import { ciliumEgressDenyWorld, ciliumEgressDenyWorldFixed } from './cilium-egress-deny-world';
import { ciliumL7HealthzOnly, ciliumL7OrdersAllowed } from './cilium-l7-healthz-only';
import { flannelEgressMtuStated, flannelIpMasqEgress } from './flannel-ip-masq-egress';
import { flannelHostGwAcrossRacks, flannelVxlanDirectRouting } from './flannel-host-gw-across-racks';
import { ipvsAtScale, iptablesAtScale } from './iptables-at-scale';
import { ipvsStrictArpEnabled, ipvsStrictArpMetallb } from './ipvs-strictarp-metallb';
import { largeCluster } from './large-cluster';
import { namedPortFixed, namedPortMismatch } from './named-port-mismatch';
import { gatewayCanary, gatewayCanaryFixed } from './gateway-canary';
import { clientIpKeptEtpLocal, clientIpLostEtpCluster } from './client-ip-lost-etp-cluster';
import { defaultDenyAllowDns, defaultDenyBreaksDns } from './default-deny-breaks-dns';
import { calicoTierPass, calicoTierPassFixed } from './calico-tier-pass';
import { lbPendingNoMetallb, metallbL2Advertised, metallbPoolNotAdvertised } from './lb-pending-no-metallb';
import { vxlanMtuBlackhole, vxlanMtuFixed } from './vxlan-mtu-blackhole';
import { vxlanMtuWebReplicas, vxlanMtuWebReplicasFixed } from './vxlan-mtu-web-replicas';
import { nodeLocalDnsAllowed, nodeLocalDnsCoreDnsOnly } from './nodelocal-dns-coredns-only';
import { ingressManifestsMetallb, ingressManifestsMetallbFixed } from './ingress-manifests-metallb';
import { ingressNginxAllowlistPartner, ingressNginxRegexAllowlist } from './ingress-nginx-regex-allowlist';
import { hostNetworkExporterDenied, hostNetworkExporterNodeCidr } from './hostnetwork-exporter-default-deny';
import { hairpinOwnService, hairpinOwnServiceAllowed } from './hairpin-own-service';
import { dualStackIpv6Mtu, dualStackIpv6MtuFixed } from './dual-stack-ipv6-mtu';

export type { Scenario, ScenarioQuery } from './types';

export const scenarios: readonly Scenario[] = [
  vxlanMtuBlackhole,
  vxlanMtuFixed,
  vxlanMtuWebReplicas,
  vxlanMtuWebReplicasFixed,
  clientIpLostEtpCluster,
  clientIpKeptEtpLocal,
  defaultDenyBreaksDns,
  defaultDenyAllowDns,
  calicoTierPass,
  calicoTierPassFixed,
  lbPendingNoMetallb,
  metallbPoolNotAdvertised,
  metallbL2Advertised,
  ipvsStrictArpMetallb,
  ipvsStrictArpEnabled,
  gatewayCanary,
  gatewayCanaryFixed,
  calicoIpipCrossSubnet,
  calicoIpipCrossSubnetFixed,
  namedPortMismatch,
  namedPortFixed,
  iptablesAtScale,
  ipvsAtScale,
  ciliumDsrOldKernel,
  ciliumDsrKernelUpgraded,
  ciliumEgressDenyWorld,
  ciliumEgressDenyWorldFixed,
  ciliumL7HealthzOnly,
  ciliumL7OrdersAllowed,
  flannelIpMasqEgress,
  flannelEgressMtuStated,
  nodeLocalDnsCoreDnsOnly,
  nodeLocalDnsAllowed,
  ingressManifestsMetallb,
  ingressManifestsMetallbFixed,
  ingressNginxRegexAllowlist,
  ingressNginxAllowlistPartner,
  flannelHostGwAcrossRacks,
  flannelVxlanDirectRouting,
  hostNetworkExporterDenied,
  hostNetworkExporterNodeCidr,
  hairpinOwnService,
  hairpinOwnServiceAllowed,
  dualStackIpv6Mtu,
  dualStackIpv6MtuFixed,
  largeCluster,
];

const bySlug: ReadonlyMap<string, Scenario> = new Map(scenarios.map((s) => [s.slug, s]));

/** The scenario with this slug, or undefined. */
export function getScenario(slug: string): Scenario | undefined {
  return bySlug.get(slug);
}

/** A scenario as a snapshot (meta.kind `scenario`, fixed capture time), ready for `loadModel`. */
export function scenarioSnapshot(scenario: Scenario): Snapshot {
  return {
    meta: {
      kind: 'scenario',
      title: scenario.title,
      capturedAt: SCENARIO_CAPTURED_AT,
      context: `scenario:${scenario.slug}`,
    },
    settings: scenario.settings,
    objects: scenario.objects,
  };
}
