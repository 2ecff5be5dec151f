// Calico: IPPool (crd.projectcalico.org/v1 or projectcalico.org/v3), the operator's
// Installation, FelixConfiguration, the manifest install's calico-config ConfigMap and
// the calico-node DaemonSet. IPPools are the live truth; Installation is the intent.

import type { ClusterModel, KubeObject } from '../../model/types';
import type { Evidence } from '../types';
import type { CniInfo, EncryptionInfo, MtuSource, OverlayKind, OverlayMode } from './types';
import { bool, dataKey, ev, findObject, list, num, objectsOf, str } from './read';
import { modelFamily } from './family';
import { cidrFamily } from '../../model/ip';

export interface CniCandidate {
  readonly score: number;
  readonly info: CniInfo;
}

const MODE: Readonly<Record<string, OverlayMode>> = {
  Always: 'always',
  CrossSubnet: 'cross-subnet',
  Never: 'never',
};

const ENCAPSULATION: Readonly<Record<string, { overlay: OverlayKind; mode: OverlayMode }>> = {
  VXLAN: { overlay: 'vxlan', mode: 'always' },
  VXLANCrossSubnet: { overlay: 'vxlan', mode: 'cross-subnet' },
  IPIP: { overlay: 'ipip', mode: 'always' },
  IPIPCrossSubnet: { overlay: 'ipip', mode: 'cross-subnet' },
  None: { overlay: 'none', mode: 'never' },
};

/** An IPv6 pool (its spec.cidr is an IPv6 CIDR, by the one address definition). */
function isV6Pool(cidr: string | undefined): boolean {
  return cidr !== undefined && cidrFamily(cidr) === 'IPv6';
}

function isCalicoPool(o: KubeObject): boolean {
  return /projectcalico\.org\//.test(o.apiVersion ?? 'crd.projectcalico.org/v1');
}

/** Calico's view, or undefined when no Calico object is present. */
export function detectCalico(model: ClusterModel): CniCandidate | undefined {
  const pools = objectsOf(model, 'IPPool').filter(
    (p) => isCalicoPool(p) && bool(p, 'spec.disabled') !== true,
  );
  // Each family is routed by its own pool: an IPv6 trace follows the IPv6 pool (its
  // vxlanMode; IP-in-IP is IPv4-only), an IPv4 trace the IPv4 pool.
  const wantV6 = modelFamily(model) === 'IPv6';
  const pool = pools.find((p) => isV6Pool(str(p, 'spec.cidr')) === wantV6) ?? pools[0];
  const installation = objectsOf(model, 'Installation').find((o) =>
    (o.apiVersion ?? '').startsWith('operator.tigera.io/'),
  );
  const felix =
    findObject(model, 'FelixConfiguration', 'default') ?? objectsOf(model, 'FelixConfiguration')[0];
  const configMap = findObject(model, 'ConfigMap', 'calico-config');
  const daemonSet = findObject(model, 'DaemonSet', 'calico-node');
  const score =
    (pool ? 3 : 0) + (installation ? 3 : 0) + (felix ? 2 : 0) + (configMap ? 2 : 0) + (daemonSet ? 2 : 0);
  if (score === 0) return undefined;

  const evidence: Evidence[] = [];
  let overlay: OverlayKind = 'ipip';
  let mode: OverlayMode = 'always';
  let masquerade = true;
  const masqueradeEvidence: Evidence[] = [];
  if (pool) {
    const vx = str(pool, 'spec.vxlanMode') ?? 'Never';
    // Calico refuses ipipMode on an IPv6 pool (ingest reports it); never tunnel IPv6 in IP-in-IP.
    const ipip = isV6Pool(str(pool, 'spec.cidr')) ? 'Never' : (str(pool, 'spec.ipipMode') ?? 'Never');
    if (vx !== 'Never') {
      overlay = 'vxlan';
      mode = MODE[vx] ?? 'always';
      evidence.push(ev(pool, 'spec.vxlanMode', vx));
    } else if (ipip !== 'Never') {
      overlay = 'ipip';
      mode = MODE[ipip] ?? 'always';
      evidence.push(ev(pool, 'spec.ipipMode', ipip));
    } else {
      overlay = 'none';
      mode = 'never';
      evidence.push(ev(pool, 'spec.vxlanMode', vx), ev(pool, 'spec.ipipMode', ipip));
    }
    masquerade = bool(pool, 'spec.natOutgoing') ?? false;
    masqueradeEvidence.push(ev(pool, 'spec.natOutgoing', String(masquerade)));
  } else if (installation) {
    const installPools = list(installation, 'spec.calicoNetwork.ipPools');
    const at = Math.max(
      0,
      installPools.findIndex((p) => isV6Pool(str(p, 'cidr')) === wantV6),
    );
    const first = installPools[at];
    const enc = str(first, 'encapsulation') ?? 'IPIP';
    const chosen = ENCAPSULATION[enc] ?? { overlay: 'ipip', mode: 'always' };
    overlay = chosen.overlay;
    mode = chosen.mode;
    evidence.push(ev(installation, `spec.calicoNetwork.ipPools[${at}].encapsulation`, enc));
    const nat = str(first, 'natOutgoing') ?? 'Enabled';
    masquerade = nat !== 'Disabled';
    masqueradeEvidence.push(ev(installation, `spec.calicoNetwork.ipPools[${at}].natOutgoing`, nat));
  } else if (daemonSet) {
    evidence.push(ev(daemonSet, 'metadata.name', 'calico-node'));
  }
  // WireGuard replaces IP-in-IP/VXLAN towards peers that publish a key, and leaves the
  // pool's encapsulation for the others (docs.tigera.io "Encrypt in-cluster pod traffic").
  let encryption: EncryptionInfo | undefined;
  if (felix && bool(felix, 'spec.wireguardEnabled') === true) {
    evidence.push(ev(felix, 'spec.wireguardEnabled', 'true'));
    encryption = {
      kind: 'wireguard',
      overhead: CALICO_WIREGUARD_OVERHEAD,
      overTunnel: false,
      perPeerKey: true,
      evidence: [ev(felix, 'spec.wireguardEnabled', 'true')],
    };
  }

  const mtu = calicoMTU(installation, felix, configMap, overlay, encryption !== undefined);
  const autoMTUOverhead = dualStackOverhead(pools, felix);
  // The operator turns on Felix's BPF mode for Installation linuxDataplane: BPF; a manifest
  // install sets FelixConfiguration bpfEnabled itself.
  const bpfInstall =
    installation !== undefined && str(installation, 'spec.calicoNetwork.linuxDataplane') === 'BPF';
  const bpfFelix = felix !== undefined && bool(felix, 'spec.bpfEnabled') === true;
  const ebpf = bpfInstall || bpfFelix;
  const bpfEvidence = [
    ...(bpfInstall ? [ev(installation!, 'spec.calicoNetwork.linuxDataplane', 'BPF')] : []),
    ...(bpfFelix ? [ev(felix!, 'spec.bpfEnabled', 'true')] : []),
  ];
  evidence.push(...bpfEvidence);
  // bpfExternalServiceMode (default Tunnel): outside traffic to a node port is tunnelled to
  // the backend's node with the client address intact; with DSR the reply leaves that node directly.
  const serviceMode = felix ? str(felix, 'spec.bpfExternalServiceMode') : undefined;
  const externalClientKept = ebpf
    ? {
        mode: serviceMode === 'DSR' ? ('DSR' as const) : ('Tunnel' as const),
        evidence: [
          ...bpfEvidence,
          ...(felix ? [ev(felix, 'spec.bpfExternalServiceMode', serviceMode ?? '(unset: Tunnel)')] : []),
        ],
      }
    : undefined;
  const bgpOff = installation && str(installation, 'spec.calicoNetwork.bgp') === 'Disabled';
  return {
    score,
    info: {
      name: 'calico',
      overlay,
      mode,
      routing: bgpOff ? 'native' : 'bgp',
      configuredMTU: mtu.value,
      mtuMeaning: 'pod',
      routeMTU: false,
      mtuSource: mtu.source,
      ...(encryption ? { encryption } : {}),
      mtuObject: mtu.object,
      poolName: pool?.metadata.name,
      masquerade,
      ebpf,
      kubeProxyReplacement: ebpf,
      dsr: externalClientKept?.mode === 'DSR',
      ...(externalClientKept ? { externalClientKept } : {}),
      vethPrefix: 'cali',
      evidence,
      masqueradeEvidence,
      mtuEvidence: mtu.evidence,
      assumed: false,
      ...(autoMTUOverhead !== undefined ? { autoMTUOverhead } : {}),
    },
  };
}

/**
 * Calico's WireGuard overhead: 60 bytes over IPv4, 80 over IPv6 (docs.tigera.io
 * "Configure MTU": 1440 / 1420 on a 1500-byte network).
 */
export const CALICO_WIREGUARD_OVERHEAD: readonly [number, number] = [60, 80];

/** Node annotations Calico (Kubernetes datastore) publishes a node's WireGuard state in (libcalico-go lib/backend/k8s/resources/node.go). */
export const CALICO_WIREGUARD_KEY = 'projectcalico.org/WireguardPublicKey';
export const CALICO_WIREGUARD_ADDR = 'projectcalico.org/IPv4WireguardInterfaceAddr';

/**
 * Dual-stack pools share one pod interface, and Felix gives it the smallest MTU of every
 * enabled encapsulation (felix/dataplane/linux/int_dataplane.go determinePodMTU:
 * IP-in-IP 20, VXLAN 50, VXLAN over IPv6 70, WireGuard 60, WireGuard over IPv6 80).
 * Undefined for a single-stack cluster (the family's own overhead applies).
 */
function dualStackOverhead(pools: readonly KubeObject[], felix: KubeObject | undefined): number | undefined {
  const v6 = pools.filter((p) => isV6Pool(str(p, 'spec.cidr')));
  const v4 = pools.filter((p) => !isV6Pool(str(p, 'spec.cidr')));
  if (v4.length === 0 || v6.length === 0) return undefined;
  const on = (p: KubeObject, field: string): boolean => (str(p, field) ?? 'Never') !== 'Never';
  const overheads = [
    ...v4.map((p) => (on(p, 'spec.vxlanMode') ? 50 : on(p, 'spec.ipipMode') ? 20 : 0)),
    ...v6.map((p) => (on(p, 'spec.vxlanMode') ? 70 : 0)),
    felix && bool(felix, 'spec.wireguardEnabled') === true ? 60 : 0,
    felix && bool(felix, 'spec.wireguardEnabledV6') === true ? 80 : 0,
  ];
  return Math.max(...overheads);
}

const FELIX_MTU_FIELD: Readonly<Record<OverlayKind, string | undefined>> = {
  vxlan: 'spec.vxlanMTU',
  ipip: 'spec.ipipMTU',
  geneve: undefined,
  none: undefined,
};

function calicoMTU(
  installation: KubeObject | undefined,
  felix: KubeObject | undefined,
  configMap: KubeObject | undefined,
  overlay: OverlayKind,
  wireguard: boolean,
): { value?: number; source: MtuSource; object?: string; evidence: Evidence[] } {
  const instMTU = installation ? num(installation, 'spec.calicoNetwork.mtu') : undefined;
  if (installation && instMTU) {
    return {
      value: instMTU,
      source: 'calico-installation',
      object: installation.metadata.name,
      evidence: [ev(installation, 'spec.calicoNetwork.mtu', String(instMTU))],
    };
  }
  // With WireGuard on, FelixConfiguration wireguardMTU sizes the pods (the smallest
  // enabled encapsulation wins); otherwise the pool's vxlanMTU / ipipMTU.
  for (const felixField of [wireguard ? 'spec.wireguardMTU' : undefined, FELIX_MTU_FIELD[overlay]]) {
    const felixMTU = felix && felixField ? num(felix, felixField) : undefined;
    if (felix && felixField && felixMTU) {
      return {
        value: felixMTU,
        source: 'calico-felix',
        object: felix.metadata.name,
        evidence: [ev(felix, felixField, String(felixMTU))],
      };
    }
  }
  const veth = configMap ? Number(dataKey(configMap, 'veth_mtu') ?? '0') : 0;
  if (configMap && veth > 0) {
    return {
      value: veth,
      source: 'calico-configmap',
      object: configMap.metadata.name,
      evidence: [ev(configMap, 'data.veth_mtu', String(veth))],
    };
  }
  if (installation)
    return { source: 'calico-installation', object: installation.metadata.name, evidence: [] };
  if (felix) return { source: 'calico-felix', object: felix.metadata.name, evidence: [] };
  return { source: 'auto', evidence: [] };
}
