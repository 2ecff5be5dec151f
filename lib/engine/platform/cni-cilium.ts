// Cilium: ConfigMap cilium-config (routing-mode / legacy tunnel, tunnel-protocol,
// kube-proxy-replacement, bpf-lb-mode, bpf-lb-dsr-dispatch, enable-wireguard,
// enable-ipsec, mtu, enable-ipv4-masquerade) and the cilium DaemonSet (its image tag is
// the agent version).

import type { ClusterModel, KubeObject, Protocol } from '../../model/types';
import type { Evidence } from '../types';
import type { CniCandidate } from './cni-calico';
import type { CniInfo, DsrRejection, EncryptionInfo, OverlayKind } from './types';
import { dataKey, ev, findObject, list, str } from './read';

/**
 * Cilium's overheads (cilium/cilium pkg/mtu/mtu.go): TunnelOverhead 50 for VXLAN and
 * Geneve (Cilium budgets an IPv4 outer header either way), WireguardOverhead 80,
 * EncryptionIPsecOverhead 77 (128-bit keys).
 */
export const CILIUM_TUNNEL_OVERHEAD = 50;
export const CILIUM_WIREGUARD_OVERHEAD = 80;
export const CILIUM_IPSEC_OVERHEAD = 77;

/** `v1.16.1` → [1, 16]; undefined when the tag is not a version. */
function imageVersion(ds: KubeObject | undefined): readonly [number, number] | undefined {
  const image = ds ? str(list(ds, 'spec.template.spec.containers')[0], 'image') : undefined;
  const m = image ? /:v?(\d+)\.(\d+)/.exec(image) : undefined;
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/**
 * WireGuard with a tunnel: since Cilium 1.15 pod traffic is VXLAN/Geneve-encapsulated
 * before it is encrypted, so the route MTU loses both overheads (cilium/cilium PR #30329,
 * "wireguard: also account for tunnel overhead"); 1.14 did so only with
 * `wireguard-encapsulate: true`, and otherwise sent WireGuard instead of the tunnel.
 */
function wireguardOverTunnel(
  cm: KubeObject | undefined,
  ds: KubeObject | undefined,
): { overTunnel: boolean; assumption?: string; evidence: Evidence[] } {
  const version = imageVersion(ds);
  const encapsulate = cm ? dataKey(cm, 'wireguard-encapsulate') : undefined;
  const evidence: Evidence[] = [];
  if (ds && version)
    evidence.push(ev(ds, 'spec.template.spec.containers[0].image', `v${version[0]}.${version[1]}`));
  if (cm && encapsulate !== undefined) evidence.push(ev(cm, 'data.wireguard-encapsulate', encapsulate));
  if (!version)
    return {
      overTunnel: true,
      assumption:
        'Cilium version unknown (no cilium DaemonSet image tag): 1.15 or later assumed, which encrypts the tunnel packet',
      evidence,
    };
  const modern = version[0] > 1 || version[1] >= 15;
  return { overTunnel: modern || encapsulate === 'true', evidence };
}

/**
 * DSR combinations the agent refuses at start-up (initKubeProxyReplacementOptions in
 * cilium/cilium daemon/cmd/kube_proxy_replacement.go returns an error, and the agent
 * exits): DSR with VXLAN tunnelling, tunnel routing with a dispatch other than Geneve,
 * and Geneve dispatch without the Geneve tunnel protocol.
 */
function dsrRejection(o: {
  tunnel: boolean;
  protocol: string;
  lbMode: 'dsr' | 'hybrid';
  dispatch: string;
  evidence: Evidence[];
}): DsrRejection | undefined {
  const base = {
    routingMode: o.tunnel ? 'tunnel' : 'native',
    tunnelProtocol: o.protocol,
    dispatch: o.dispatch,
    lbMode: o.lbMode,
    evidence: o.evidence,
  };
  if (o.tunnel && o.protocol === 'vxlan')
    return { ...base, agentError: `Node Port "${o.lbMode}" mode cannot be used with vxlan tunneling.` };
  if (o.tunnel && o.dispatch !== 'geneve')
    return {
      ...base,
      agentError: `Tunnel routing with Node Port "${o.lbMode}" mode requires geneve dispatch.`,
    };
  if (o.dispatch === 'geneve' && o.protocol !== 'geneve')
    return {
      ...base,
      agentError: `Node Port "${o.lbMode}" mode with geneve dispatch requires geneve tunnel protocol.`,
    };
  return undefined;
}

/**
 * Whether the client address reaches a remote backend unchanged: DSR for every protocol,
 * hybrid for TCP only (UDP goes through SNAT), per docs.cilium.io "Kubernetes without
 * kube-proxy" (Hybrid DSR and SNAT Mode).
 */
export function keepsClientAddress(cni: CniInfo, protocol: Protocol): boolean {
  if (!cni.dsr) return false;
  return cni.dsrMode !== 'hybrid' || protocol === 'TCP';
}

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
  const protocol =
    get('tunnel-protocol') ?? (legacyTunnel && legacyTunnel !== 'disabled' ? legacyTunnel : 'vxlan');
  // Since 1.14 routing-mode defaults to tunnel (docs.cilium.io "Routing").
  const native = routingMode === 'native' || legacyTunnel === 'disabled';
  note(
    'routing-mode',
    routingMode ?? (legacyTunnel === undefined ? `(unset: default tunnel, ${protocol})` : undefined),
  );
  note('tunnel', legacyTunnel);
  note('tunnel-protocol', get('tunnel-protocol'));
  const overlay: OverlayKind = native ? 'none' : protocol === 'geneve' ? 'geneve' : 'vxlan';

  let encryption: EncryptionInfo | undefined;
  if (get('enable-wireguard') === 'true') {
    const stack = wireguardOverTunnel(cm, ds);
    note('enable-wireguard', 'true');
    encryption = {
      kind: 'wireguard',
      overhead: [CILIUM_WIREGUARD_OVERHEAD, CILIUM_WIREGUARD_OVERHEAD],
      overTunnel: stack.overTunnel,
      perPeerKey: false,
      evidence: [ev(cm!, 'data.enable-wireguard', 'true'), ...stack.evidence],
      ...(stack.assumption ? { assumption: stack.assumption } : {}),
    };
  } else if (get('enable-ipsec') === 'true') {
    note('enable-ipsec', 'true');
    encryption = {
      kind: 'ipsec',
      overhead: [CILIUM_IPSEC_OVERHEAD, CILIUM_IPSEC_OVERHEAD],
      overTunnel: true,
      perPeerKey: false,
      evidence: [ev(cm!, 'data.enable-ipsec', 'true')],
    };
  }

  const kpr = get('kube-proxy-replacement');
  note('kube-proxy-replacement', kpr);
  const kubeProxyReplacement = kpr === 'true' || kpr === 'strict';
  // bpf-lb-mode only takes effect with BPF NodePort, which kube-proxy-replacement turns on.
  const nodePortBPF = kubeProxyReplacement || get('enable-node-port') === 'true';
  const lbModeRaw = get('bpf-lb-mode');
  note('bpf-lb-mode', lbModeRaw);
  const lbMode = lbModeRaw === 'dsr' || lbModeRaw === 'hybrid' ? lbModeRaw : undefined;
  // bpf-lb-dsr-dispatch defaults to "opt" (the IPv4 option / IPv6 extension header).
  const dispatch = get('bpf-lb-dsr-dispatch') ?? 'opt';
  const dsrRejected =
    lbMode && nodePortBPF
      ? dsrRejection({
          tunnel: !native,
          protocol,
          lbMode,
          dispatch,
          evidence: cm
            ? [
                ev(cm, 'data.bpf-lb-mode', lbMode),
                ev(cm, 'data.bpf-lb-dsr-dispatch', get('bpf-lb-dsr-dispatch') ?? '(unset: default opt)'),
                ev(
                  cm,
                  'data.routing-mode',
                  routingMode ??
                    (legacyTunnel === 'disabled' ? 'native (tunnel: disabled)' : '(unset: default tunnel)'),
                ),
                ev(cm, 'data.tunnel-protocol', get('tunnel-protocol') ?? `(unset: ${protocol})`),
              ]
            : [],
        })
      : undefined;
  if (lbMode && get('bpf-lb-dsr-dispatch') !== undefined) note('bpf-lb-dsr-dispatch', dispatch);

  const rawMTU = get('mtu');
  const mtu = rawMTU !== undefined && /^\d+$/.test(rawMTU.trim()) ? Number(rawMTU) : 0;
  const masq = get('enable-ipv4-masquerade');
  return {
    score,
    info: {
      name: 'cilium',
      overlay,
      mode: overlay === 'none' ? 'never' : 'always',
      routing: 'native',
      // cilium-config `mtu` is the base (device) MTU; 0 or unset means auto-detect from
      // the node's devices (pkg/mtu: NewConfiguration / MTUManager.Updater).
      configuredMTU: mtu > 0 ? mtu : undefined,
      mtuMeaning: 'underlay',
      routeMTU: true,
      mtuSource: 'cilium-config',
      mtuObject: cm?.metadata.name,
      ...(encryption ? { encryption } : {}),
      masquerade: masq !== 'false',
      ebpf: true,
      kubeProxyReplacement,
      dsr: lbMode !== undefined && nodePortBPF && !dsrRejected,
      ...(lbMode ? { dsrMode: lbMode } : {}),
      ...(dsrRejected ? { dsrRejected } : {}),
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
