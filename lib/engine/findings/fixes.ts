// The concrete command that sets the pod MTU, by where the CNI keeps it.

import { overheadOf } from '../platform/mtu';
import type { CniInfo, MtuSource } from '../platform/types';

const MTU_FIX: Readonly<Record<MtuSource, (mtu: number, cni: CniInfo) => string>> = {
  'calico-installation': (mtu, cni) =>
    `kubectl patch installation ${cni.mtuObject ?? 'default'} --type=merge -p '{"spec":{"calicoNetwork":{"mtu":${mtu}}}}'`,
  'calico-felix': (mtu, cni) =>
    `kubectl patch felixconfiguration ${cni.mtuObject ?? 'default'} --type=merge -p '{"spec":{"${felixField(cni)}":${mtu}}}'`,
  'calico-configmap': (mtu, cni) =>
    `kubectl patch configmap -n kube-system ${cni.mtuObject ?? 'calico-config'} --type=merge -p '{"data":{"veth_mtu":"${mtu}"}}' && kubectl -n kube-system rollout restart daemonset calico-node`,
  'flannel-netconf': (mtu) =>
    `kubectl -n kube-flannel edit configmap kube-flannel-cfg   # net-conf.json: "Backend": {..., "MTU": ${mtu}}\nkubectl -n kube-flannel rollout restart daemonset kube-flannel-ds`,
  'cilium-config': (mtu, cni) =>
    `kubectl patch configmap -n kube-system ${cni.mtuObject ?? 'cilium-config'} --type=merge -p '{"data":{"mtu":"${mtu}"}}' && kubectl -n kube-system rollout restart daemonset cilium`,
  auto: (mtu) => `configure the CNI's pod MTU to ${mtu} (the CNI could not be identified from the snapshot)`,
};

function felixField(cni: CniInfo): string {
  return cni.encryption?.kind === 'wireguard'
    ? 'wireguardMTU'
    : cni.overlay === 'ipip'
      ? 'ipipMTU'
      : 'vxlanMTU';
}

/**
 * The value to write for a pod MTU of `podMTU`: itself where the CNI setting is the pod
 * MTU (Calico), else the underlying network's MTU the CNI subtracts its overhead from
 * (Cilium `mtu`, flannel Backend.MTU).
 */
export function mtuSettingFor(cni: CniInfo, podMTU: number): { name: string; value: number } | undefined {
  if (cni.mtuMeaning !== 'underlay') return undefined;
  const name = cni.name === 'cilium' ? 'cilium-config mtu' : 'net-conf.json Backend.MTU';
  return { name, value: podMTU + overheadOf(cni) };
}

/** The command that makes pods send at most `podMTU` bytes. */
export function mtuFixCommand(cni: CniInfo, podMTU: number): string {
  return MTU_FIX[cni.mtuSource](mtuSettingFor(cni, podMTU)?.value ?? podMTU, cni);
}
