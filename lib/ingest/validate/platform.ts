// Platform kinds that decide data-plane facts: MetalLB (IPAddressPool,
// L2Advertisement, BGPAdvertisement) and Calico (IPPool, Installation,
// FelixConfiguration).

import {
  at,
  eachMap,
  eachOf,
  invalid,
  optBool,
  optEnum,
  optInt,
  optMap,
  optString,
  optStringList,
  type Issues,
  type Json,
} from './check';
import { checkSelector } from './common';
import { cidrFamily } from '../../model/ip';
import { optAddressRange, optCIDR } from './net';

const MTU_MIN = 68;
const MTU_MAX = 65535;

export function checkIPAddressPool(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  eachOf(iss, spec.addresses, 'spec.addresses', (a, p) => optAddressRange(iss, a, p));
  optBool(iss, spec.autoAssign, 'spec.autoAssign');
  optBool(iss, spec.avoidBuggyIPs, 'spec.avoidBuggyIPs');
}

/** L2Advertisement and BGPAdvertisement share pool references and selectors. */
export function checkAdvertisement(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  optStringList(iss, spec.ipAddressPools, 'spec.ipAddressPools');
  eachOf(iss, spec.ipAddressPoolSelectors, 'spec.ipAddressPoolSelectors', (s, p) => checkSelector(iss, s, p));
  eachOf(iss, spec.nodeSelectors, 'spec.nodeSelectors', (s, p) => checkSelector(iss, s, p));
  optStringList(iss, spec.interfaces, 'spec.interfaces');
  if (obj.kind === 'BGPAdvertisement') {
    optStringList(iss, spec.peers, 'spec.peers');
    optInt(iss, spec.aggregationLength, 'spec.aggregationLength', 0, 128);
  }
}

const CALICO_MODES = ['Always', 'CrossSubnet', 'Never'] as const;

export function checkIPPool(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  const cidr = optCIDR(iss, spec.cidr, 'spec.cidr');
  optInt(iss, spec.blockSize, 'spec.blockSize', 0, 128);
  const ipip = optEnum(iss, spec.ipipMode, 'spec.ipipMode', CALICO_MODES);
  // Calico refuses the pool (libcalico-go clientv3/ippool.go): IP-in-IP carries IPv4 only.
  if (cidr && cidrFamily(cidr) === 'IPv6' && ipip && ipip !== 'Never') {
    invalid(
      iss,
      'spec.ipipMode',
      `"${ipip}": IPIP is not supported on an IPv6 IP pool (Calico rejects it); use vxlanMode or no encapsulation for IPv6`,
    );
  }
  optEnum(iss, spec.vxlanMode, 'spec.vxlanMode', CALICO_MODES);
  optBool(iss, spec.natOutgoing, 'spec.natOutgoing');
  optBool(iss, spec.disabled, 'spec.disabled');
  optString(iss, spec.nodeSelector, 'spec.nodeSelector');
}

const ENCAPSULATIONS = ['VXLAN', 'VXLANCrossSubnet', 'IPIP', 'IPIPCrossSubnet', 'None'] as const;

export function checkInstallation(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  const net = spec && optMap(iss, spec.calicoNetwork, 'spec.calicoNetwork');
  if (!net) return;
  optInt(iss, net.mtu, 'spec.calicoNetwork.mtu', MTU_MIN, MTU_MAX);
  optEnum(iss, net.bgp, 'spec.calicoNetwork.bgp', ['Enabled', 'Disabled'] as const);
  eachMap(iss, net.ipPools, 'spec.calicoNetwork.ipPools', (pool, p) => {
    optCIDR(iss, pool.cidr, at(p, 'cidr'));
    optEnum(iss, pool.encapsulation, at(p, 'encapsulation'), ENCAPSULATIONS);
    optEnum(iss, pool.natOutgoing, at(p, 'natOutgoing'), ['Enabled', 'Disabled'] as const);
    optInt(iss, pool.blockSize, at(p, 'blockSize'), 0, 128);
  });
}

export function checkFelixConfiguration(iss: Issues, obj: Json): void {
  const spec = optMap(iss, obj.spec, 'spec');
  if (!spec) return;
  for (const key of ['vxlanMTU', 'ipipMTU', 'wireguardMTU', 'vxlanMTUV6', 'wireguardMTUV6'] as const) {
    optInt(iss, spec[key], at('spec', key), 0, MTU_MAX);
  }
  for (const key of [
    'wireguardEnabled',
    'wireguardEnabledV6',
    'bpfEnabled',
    'vxlanEnabled',
    'ipipEnabled',
  ] as const) {
    optBool(iss, spec[key], at('spec', key));
  }
}
