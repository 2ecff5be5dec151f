// Flannel: ConfigMap kube-flannel-cfg key net-conf.json (Network, Backend.Type,
// Backend.MTU, Backend.DirectRouting), the kube-flannel-ds DaemonSet's --ip-masq flag, and
// the backend-type node annotation.

import type { ClusterModel } from '../../model/types';
import type { Evidence } from '../types';
import type { CniCandidate } from './cni-calico';
import type { EncryptionInfo, OverlayKind, OverlayMode } from './types';
import { containerArgs, dataKey, ev, findObject } from './read';

/**
 * Per-backend overheads flannel subtracts from the outgoing MTU (flannel-io/flannel
 * pkg/backend/vxlan/vxlan_network.go encapOverhead 50, pkg/backend/ipip/ipip.go 20,
 * pkg/backend/wireguard/wireguard_network.go overhead = 80 for both address families).
 */
export const FLANNEL_WIREGUARD_OVERHEAD = 80;

const BACKEND: Readonly<
  Record<string, { overlay: OverlayKind; routing: 'host-gw' | 'native'; wireguard?: true }>
> = {
  vxlan: { overlay: 'vxlan', routing: 'native' },
  'host-gw': { overlay: 'none', routing: 'host-gw' },
  wireguard: { overlay: 'none', routing: 'native', wireguard: true },
  ipip: { overlay: 'ipip', routing: 'native' },
};

function parseNetConf(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A Backend field by name; flanneld decodes net-conf.json with Go's case-insensitive JSON keys. */
function backendField(backend: Record<string, unknown> | undefined, name: string): unknown {
  if (!backend) return undefined;
  const key = Object.keys(backend).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : backend[key];
}

export function detectFlannel(model: ClusterModel): CniCandidate | undefined {
  const cm = findObject(model, 'ConfigMap', 'kube-flannel-cfg');
  const ds =
    findObject(model, 'DaemonSet', 'kube-flannel-ds') ?? findObject(model, 'DaemonSet', 'kube-flannel');
  const annotated = [...model.nodes.values()].find(
    (n) => n.annotations['flannel.alpha.coreos.com/backend-type'],
  );
  const score = (cm ? 3 : 0) + (ds ? 2 : 0) + (annotated ? 1 : 0);
  if (score === 0) return undefined;
  const evidence: Evidence[] = [];
  const conf = cm ? parseNetConf(dataKey(cm, 'net-conf.json')) : undefined;
  const rawBackend = conf?.['Backend'];
  const backendObj =
    rawBackend && typeof rawBackend === 'object' ? (rawBackend as Record<string, unknown>) : undefined;
  const typeField = backendField(backendObj, 'Type');
  let type = typeof typeField === 'string' ? typeField : undefined;
  if (cm && type) evidence.push(ev(cm, 'data.net-conf.json Backend.Type', type));
  if (!type && annotated) {
    type = annotated.annotations['flannel.alpha.coreos.com/backend-type'];
    evidence.push({
      kind: 'Node',
      name: annotated.name,
      field: 'metadata.annotations.flannel.alpha.coreos.com/backend-type',
      value: type ?? '',
    });
  }
  const backend = BACKEND[type ?? 'vxlan'] ?? BACKEND['vxlan']!;
  if (cm && !type) evidence.push(ev(cm, 'data.net-conf.json Backend.Type', '(unset: default vxlan)'));

  // Backend.MTU replaces the external interface's MTU; flannel subtracts the backend's
  // overhead from it for the pod MTU it writes to subnet.env (Documentation/backends.md,
  // configuration.md "MTU is calculated and set automatically by flannel").
  const mtuField = backendField(backendObj, 'MTU');
  const mtu = typeof mtuField === 'number' && mtuField > 0 ? mtuField : undefined;
  // DirectRouting (vxlan, ipip): peers whose public IP is directly connected get a plain
  // route via that IP, others the tunnel (pkg/backend/vxlan/vxlan_network.go, ip.DirectRouting).
  const directRouting = backend.overlay !== 'none' && backendField(backendObj, 'DirectRouting') === true;
  if (cm && directRouting) evidence.push(ev(cm, 'data.net-conf.json Backend.DirectRouting', 'true'));
  const mode: OverlayMode = backend.overlay === 'none' ? 'never' : directRouting ? 'cross-subnet' : 'always';
  const encryption: EncryptionInfo | undefined = backend.wireguard
    ? {
        kind: 'wireguard',
        overhead: [FLANNEL_WIREGUARD_OVERHEAD, FLANNEL_WIREGUARD_OVERHEAD],
        overTunnel: false,
        perPeerKey: false,
        evidence: cm ? [ev(cm, 'data.net-conf.json Backend.Type', 'wireguard')] : [],
      }
    : undefined;
  const args = ds ? containerArgs(ds) : [];
  const masq = args.some((a) => a === '--ip-masq' || a === '--ip-masq=true');
  return {
    score,
    info: {
      name: 'flannel',
      overlay: backend.overlay,
      mode,
      routing: backend.routing,
      configuredMTU: mtu,
      mtuMeaning: 'underlay',
      routeMTU: false,
      mtuSource: 'flannel-netconf',
      mtuObject: cm?.metadata.name,
      ...(encryption ? { encryption } : {}),
      masquerade: masq,
      ebpf: false,
      kubeProxyReplacement: false,
      dsr: false,
      vethPrefix: 'veth',
      evidence,
      masqueradeEvidence: ds
        ? [ev(ds, 'spec.template.spec.containers[].args', masq ? '--ip-masq' : '(no --ip-masq)')]
        : [],
      mtuEvidence: cm && mtu ? [ev(cm, 'data.net-conf.json Backend.MTU', String(mtu))] : [],
      assumed: false,
    },
  };
}
