// Cilium: ConfigMap cilium-config (routing-mode / legacy tunnel, tunnel-protocol,
// kube-proxy-replacement, bpf-lb-mode, enable-wireguard, mtu, enable-ipv4-masquerade)
// and the cilium DaemonSet.

import type { ClusterModel } from '../../model/types';
import type { Evidence } from '../types';
import type { CniCandidate } from './cni-calico';
import type { OverlayKind } from './types';
import { dataKey, ev, findObject } from './read';

export function detectCilium(model: ClusterModel): CniCandidate | undefined {
  const cm = findObject(model, 'ConfigMap', 'cilium-config');
  const ds = findObject(model, 'DaemonSet', 'cilium');
  const score = (cm ? 3 : 0) + (ds ? 2 : 0);
  if (score === 0) return undefined;
  const evidence: Evidence[] = [];
  const get = (key: string): string | undefined => (cm ? dataKey(cm, key) : undefined);
  const note = (key: string, value: string | undefined): void => {
    if (cm && value !== undefined) evidence.push(ev(cm, `data.${key}`, value));
  };

  const routingMode = get('routing-mode');
  const legacyTunnel = get('tunnel');
  const protocol = get('tunnel-protocol') ?? (legacyTunnel && legacyTunnel !== 'disabled' ? legacyTunnel : 'vxlan');
  const native = routingMode === 'native' || legacyTunnel === 'disabled';
  note('routing-mode', routingMode);
  note('tunnel', legacyTunnel);
  note('tunnel-protocol', get('tunnel-protocol'));
  let overlay: OverlayKind = native ? 'none' : protocol === 'geneve' ? 'geneve' : 'vxlan';
  const wireguard = get('enable-wireguard') === 'true';
  if (wireguard) {
    overlay = 'wireguard';
    note('enable-wireguard', 'true');
  }
  const kpr = get('kube-proxy-replacement');
  note('kube-proxy-replacement', kpr);
  const lbMode = get('bpf-lb-mode');
  note('bpf-lb-mode', lbMode);
  const mtu = Number(get('mtu') ?? '0');
  const masq = get('enable-ipv4-masquerade');
  return {
    score,
    info: {
      name: 'cilium',
      overlay,
      mode: overlay === 'none' ? 'never' : 'always',
      routing: 'native',
      configuredMTU: mtu > 0 ? mtu : undefined,
      mtuSource: 'cilium-config',
      mtuObject: cm?.metadata.name,
      masquerade: masq !== 'false',
      ebpf: true,
      kubeProxyReplacement: kpr === 'true' || kpr === 'strict',
      dsr: lbMode === 'dsr' || lbMode === 'hybrid',
      vethPrefix: 'lxc',
      evidence,
      masqueradeEvidence: cm ? [ev(cm, 'data.enable-ipv4-masquerade', masq ?? '(unset: default true)')] : [],
      mtuEvidence: cm && mtu > 0 ? [ev(cm, 'data.mtu', String(mtu))] : [],
      assumed: false,
      // Cilium tunnels both families over one underlay family (IPv4 unless set to ipv6).
      underlayFamily: get('underlay-protocol') === 'ipv6' ? 'IPv6' : 'IPv4',
    },
  };
}
