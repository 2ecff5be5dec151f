// NodeLocal DNSCache (the node-local-dns DaemonSet in kube-system): a hostNetwork DNS
// cache on every node that binds a link-local address (169.254.20.10 by default) and,
// with kube-proxy in iptables (or nftables) mode, the kube-dns ClusterIP too, with NOTRACK
// rules so kube-proxy's DNAT is skipped and the query is answered on the node.
// https://kubernetes.io/docs/tasks/administer-cluster/nodelocaldns/ ;
// kubernetes/kubernetes cluster/addons/dns/nodelocaldns/nodelocaldns.yaml
// (args: -localip __PILLAR__LOCAL__DNS__,__PILLAR__DNS__SERVER__; Corefile "bind").

import type { ClusterModel, KubeObject, Pod } from '../../model/types';
import type { Evidence } from '../types';
import { at, findObject, str } from './read';

/** The address the docs and the manifest use when nothing else says. */
export const NODELOCAL_DEFAULT_IP = '169.254.20.10';

export interface NodeLocalDns {
  /** Addresses the cache listens on, link-local first. */
  readonly addresses: readonly string[];
  /** The kube-dns ClusterIP is among them (pods keep using it and still get the cache). */
  readonly clusterDNS?: string;
  /** Addresses were not read from the DaemonSet or its ConfigMap. */
  readonly assumed: boolean;
  /** Nodes with a node-local-dns pod in the snapshot; undefined = the DaemonSet, assumed on every node. */
  readonly nodes?: ReadonlySet<string>;
  readonly pods: readonly Pod[];
  readonly evidence: readonly Evidence[];
}

const cache = new WeakMap<ClusterModel, NodeLocalDns | null>();

function localIPArg(ds: KubeObject | undefined): string | undefined {
  const containers = at(ds, 'spec.template.spec.containers');
  if (!Array.isArray(containers)) return undefined;
  for (const c of containers) {
    const args = [
      ...(Array.isArray(at(c, 'args')) ? (at(c, 'args') as unknown[]) : []),
      ...(Array.isArray(at(c, 'command')) ? (at(c, 'command') as unknown[]) : []),
    ].map(String);
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const m = /^--?localip=(.+)$/.exec(a);
      if (m) return m[1];
      if ((a === '-localip' || a === '--localip') && args[i + 1]) return args[i + 1];
    }
  }
  return undefined;
}

function bindAddresses(cm: KubeObject | undefined): string[] {
  const corefile = str(cm, 'data.Corefile');
  const m = corefile ? /^\s*bind\s+([^\n]+)$/m.exec(corefile) : null;
  return m
    ? m[1]!
        .trim()
        .split(/\s+/)
        .filter((x) => /^[\d.]+$|:/.test(x))
    : [];
}

/** NodeLocal DNSCache as the snapshot shows it, or undefined when it is not installed. */
export function nodeLocalDns(model: ClusterModel, kubeProxyMode: string): NodeLocalDns | undefined {
  const hit = cache.get(model);
  if (hit !== undefined) return hit ?? undefined;
  const ds = findObject(model, 'DaemonSet', 'node-local-dns', 'kube-system');
  const pods = (model.index.podsByNamespace.get('kube-system') ?? []).filter(
    (p) => p.labels['k8s-app'] === 'node-local-dns',
  );
  if (!ds && pods.length === 0) {
    cache.set(model, null);
    return undefined;
  }
  const kubeDns = model.services.get('kube-system/kube-dns')?.clusterIPs[0];
  const arg = localIPArg(ds);
  const cm = findObject(model, 'ConfigMap', 'node-local-dns', 'kube-system');
  const fromArg = arg
    ? arg
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s && !s.startsWith('__PILLAR__'))
    : [];
  const fromBind = bindAddresses(cm);
  const read = fromArg.length ? fromArg : fromBind;
  // The docs: in IPVS mode the cache cannot share the kube-dns address (kube-ipvs0 holds it),
  // so it binds the link-local address only and kubelet's --cluster-dns points at it.
  const addresses = read.length
    ? read
    : [NODELOCAL_DEFAULT_IP, ...(kubeDns && kubeProxyMode !== 'ipvs' ? [kubeDns] : [])];
  const evidence: Evidence[] = [
    ...(ds
      ? [
          {
            kind: 'DaemonSet',
            namespace: 'kube-system',
            name: 'node-local-dns',
            field: 'spec.template.spec.containers[].args -localip',
            value: arg ?? '(not set)',
          },
        ]
      : []),
    ...(fromBind.length
      ? [
          {
            kind: 'ConfigMap',
            namespace: 'kube-system',
            name: 'node-local-dns',
            field: 'data.Corefile bind',
            value: fromBind.join(' '),
          },
        ]
      : []),
    ...(!ds && pods[0]
      ? [
          {
            kind: 'Pod',
            namespace: 'kube-system',
            name: pods[0].name,
            field: 'metadata.labels.k8s-app',
            value: 'node-local-dns',
          },
        ]
      : []),
  ];
  const running = pods.filter((p) => !p.synthesized && p.nodeName);
  const info: NodeLocalDns = {
    addresses,
    ...(kubeDns && addresses.includes(kubeDns) ? { clusterDNS: kubeDns } : {}),
    assumed: read.length === 0,
    ...(running.length ? { nodes: new Set(running.map((p) => p.nodeName!)) } : {}),
    pods,
    evidence,
  };
  cache.set(model, info);
  return info;
}

/** Whether the cache answers `ip` on `node`. */
export function answersOn(info: NodeLocalDns, node: string | undefined, ip: string): boolean {
  return (
    info.addresses.includes(ip) && (info.nodes === undefined || (node !== undefined && info.nodes.has(node)))
  );
}
