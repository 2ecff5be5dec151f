// Flannel: ConfigMap kube-flannel-cfg key net-conf.json (Network, Backend.Type, MTU),
// the kube-flannel-ds DaemonSet's --ip-masq flag, and the backend-type node annotation.

import type { ClusterModel } from '../../model/types';
import type { Evidence } from '../types';
import type { CniCandidate } from './cni-calico';
import type { OverlayKind } from './types';
import { containerArgs, dataKey, ev, findObject } from './read';

const BACKEND: Readonly<Record<string, { overlay: OverlayKind; routing: 'host-gw' | 'native' }>> = {
  vxlan: { overlay: 'vxlan', routing: 'native' },
  'host-gw': { overlay: 'none', routing: 'host-gw' },
  wireguard: { overlay: 'wireguard', routing: 'native' },
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

export function detectFlannel(model: ClusterModel): CniCandidate | undefined {
  const cm = findObject(model, 'ConfigMap', 'kube-flannel-cfg');
  const ds = findObject(model, 'DaemonSet', 'kube-flannel-ds') ?? findObject(model, 'DaemonSet', 'kube-flannel');
  const annotated = [...model.nodes.values()].find((n) => n.annotations['flannel.alpha.coreos.com/backend-type']);
  const score = (cm ? 3 : 0) + (ds ? 2 : 0) + (annotated ? 1 : 0);
  if (score === 0) return undefined;
  const evidence: Evidence[] = [];
  const conf = cm ? parseNetConf(dataKey(cm, 'net-conf.json')) : undefined;
  const backendObj = conf?.['Backend'];
  let type =
    backendObj && typeof backendObj === 'object' && typeof (backendObj as Record<string, unknown>)['Type'] === 'string'
      ? String((backendObj as Record<string, unknown>)['Type'])
      : undefined;
  if (cm && type) evidence.push(ev(cm, 'data.net-conf.json Backend.Type', type));
  if (!type && annotated) {
    type = annotated.annotations['flannel.alpha.coreos.com/backend-type'];
    evidence.push({ kind: 'Node', name: annotated.name, field: 'metadata.annotations.flannel.alpha.coreos.com/backend-type', value: type ?? '' });
  }
  const backend = BACKEND[type ?? 'vxlan'] ?? BACKEND['vxlan']!;
  if (cm && !type) evidence.push(ev(cm, 'data.net-conf.json Backend.Type', '(unset: default vxlan)'));
  const mtu = typeof conf?.['MTU'] === 'number' ? (conf['MTU'] as number) : undefined;
  const args = ds ? containerArgs(ds) : [];
  const masq = args.some((a) => a === '--ip-masq' || a === '--ip-masq=true');
  return {
    score,
    info: {
      name: 'flannel',
      overlay: backend.overlay,
      mode: backend.overlay === 'none' ? 'never' : 'always',
      routing: backend.routing,
      configuredMTU: mtu,
      mtuSource: 'flannel-netconf',
      mtuObject: cm?.metadata.name,
      masquerade: masq,
      ebpf: false,
      kubeProxyReplacement: false,
      dsr: false,
      vethPrefix: 'veth',
      evidence,
      masqueradeEvidence: ds ? [ev(ds, 'spec.template.spec.containers[].args', masq ? '--ip-masq' : '(no --ip-masq)')] : [],
      mtuEvidence: cm && mtu ? [ev(cm, 'data.net-conf.json MTU', String(mtu))] : [],
      assumed: false,
    },
  };
}
