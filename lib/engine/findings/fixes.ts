// The concrete command that sets the pod MTU, by where the CNI keeps it.

import type { CniInfo, MtuSource } from '../platform/types';

const MTU_FIX: Readonly<Record<MtuSource, (mtu: number, cni: CniInfo) => string>> = {
  'calico-installation': (mtu, cni) =>
    `kubectl patch installation ${cni.mtuObject ?? 'default'} --type=merge -p '{"spec":{"calicoNetwork":{"mtu":${mtu}}}}'`,
  'calico-felix': (mtu, cni) =>
    `kubectl patch felixconfiguration ${cni.mtuObject ?? 'default'} --type=merge -p '{"spec":{"${felixField(cni)}":${mtu}}}'`,
  'calico-configmap': (mtu, cni) =>
    `kubectl patch configmap -n kube-system ${cni.mtuObject ?? 'calico-config'} --type=merge -p '{"data":{"veth_mtu":"${mtu}"}}' && kubectl -n kube-system rollout restart daemonset calico-node`,
  'flannel-netconf': (mtu) =>
    `set the node interfaces (and so flannel's derived MTU) or add "MTU": ${mtu} to net-conf.json in ConfigMap kube-flannel-cfg, then kubectl -n kube-flannel rollout restart daemonset kube-flannel-ds`,
  'cilium-config': (mtu, cni) =>
    `kubectl patch configmap -n kube-system ${cni.mtuObject ?? 'cilium-config'} --type=merge -p '{"data":{"mtu":"${mtu}"}}' && kubectl -n kube-system rollout restart daemonset cilium`,
  auto: (mtu) => `configure the CNI's pod MTU to ${mtu} (the CNI could not be identified from the snapshot)`,
};

function felixField(cni: CniInfo): string {
  return cni.overlay === 'ipip' ? 'ipipMTU' : cni.overlay === 'wireguard' ? 'wireguardMTU' : 'vxlanMTU';
}

export function mtuFixCommand(cni: CniInfo, mtu: number): string {
  return MTU_FIX[cni.mtuSource](mtu, cni);
}
