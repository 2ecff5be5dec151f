// kube-proxy mode from ConfigMap kube-system/kube-proxy key config.conf
// (KubeProxyConfiguration), the DaemonSet's --proxy-mode flag, or an eBPF replacement.

import { parse } from 'yaml';
import type { ClusterModel } from '../../model/types';
import type { Evidence } from '../types';
import type { CniInfo, KubeProxyInfo, KubeProxyMode } from './types';
import { at, containerArgs, dataKey, ev, findObject } from './read';

const MODES: Readonly<Record<string, KubeProxyMode>> = {
  '': 'iptables',
  iptables: 'iptables',
  ipvs: 'ipvs',
  nftables: 'nftables',
};

function parseConfig(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function detectKubeProxy(model: ClusterModel, cni: CniInfo): KubeProxyInfo {
  const cm =
    findObject(model, 'ConfigMap', 'kube-proxy', 'kube-system') ??
    findObject(model, 'ConfigMap', 'kube-proxy');
  const ds = findObject(model, 'DaemonSet', 'kube-proxy');
  if (cni.kubeProxyReplacement) {
    const evidence: Evidence[] = [
      ...cni.evidence.filter((e) => /kube-proxy-replacement|bpfEnabled/.test(e.field)),
    ];
    return { mode: 'ebpf', strictARP: false, assumed: false, evidence };
  }
  const config = cm ? parseConfig(dataKey(cm, 'config.conf')) : undefined;
  if (cm && config !== undefined) {
    const rawMode = at(config, 'mode');
    const modeText = typeof rawMode === 'string' ? rawMode : '';
    const mode = MODES[modeText] ?? 'iptables';
    const scheduler = at(config, 'ipvs.scheduler');
    const strict = at(config, 'ipvs.strictARP');
    const evidence: Evidence[] = [
      ev(cm, 'data.config.conf mode', modeText === '' ? '"" (iptables)' : modeText),
    ];
    if (mode === 'ipvs') {
      evidence.push(ev(cm, 'data.config.conf ipvs.strictARP', String(strict === true)));
      if (typeof scheduler === 'string' && scheduler)
        evidence.push(ev(cm, 'data.config.conf ipvs.scheduler', scheduler));
    }
    return {
      mode,
      scheduler:
        mode === 'ipvs' ? (typeof scheduler === 'string' && scheduler ? scheduler : 'rr') : undefined,
      strictARP: strict === true,
      assumed: false,
      evidence,
    };
  }
  const flag = ds ? containerArgs(ds).find((a) => a.startsWith('--proxy-mode=')) : undefined;
  if (ds && flag) {
    const mode = MODES[flag.slice('--proxy-mode='.length)] ?? 'iptables';
    return {
      mode,
      scheduler: mode === 'ipvs' ? 'rr' : undefined,
      strictARP: false,
      assumed: false,
      evidence: [ev(ds, 'spec.template.spec.containers[].command', flag)],
    };
  }
  return { mode: 'iptables', strictARP: false, assumed: true, evidence: [] };
}
