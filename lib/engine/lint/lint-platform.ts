// Cluster-wide lint checks: kube-proxy scale and mode, eBPF kernels, node MTUs, the
// overlay MTU budget, IPVS strictARP with MetalLB L2, assumptions.

import type { ClusterModel } from '../../model/types';
import type { Finding } from '../types';
import { makeFinding } from '../findings/catalogue';
import { mtuFixCommand, mtuSettingFor } from '../findings/fixes';
import { restartCommands } from '../findings/restart';
import { defaultLayers, layersName, overheadOf, podMTU, underlayMTU, wrapsPodTraffic } from '../platform/mtu';
import type { PlatformInfo } from '../platform/types';
import { EBPF_MIN_KERNEL, IPTABLES_SCALE_THRESHOLD, kernelOlderThan } from '../trace/service-notes';

export function lintPlatform(model: ClusterModel, platform: PlatformInfo): Finding[] {
  const out: Finding[] = [];
  const { kubeProxy: kp, cni } = platform;
  if (kp.assumed && model.services.size > 0)
    out.push(
      makeFinding('KUBE_PROXY_MODE_ASSUMED', { assumed: kp.mode }, [
        {
          kind: 'ConfigMap',
          namespace: 'kube-system',
          name: 'kube-proxy',
          field: 'data.config.conf',
          value: '(not in snapshot)',
        },
      ]),
    );
  if (kp.mode === 'iptables' && model.services.size >= IPTABLES_SCALE_THRESHOLD) {
    const endpoints = model.endpointSlices.reduce((n, s) => n + s.endpoints.length, 0);
    out.push(
      makeFinding(
        'KUBE_PROXY_IPTABLES_SCALE',
        { services: model.services.size, endpoints, threshold: IPTABLES_SCALE_THRESHOLD },
        [
          ...kp.evidence,
          { kind: 'Service', name: '(all)', field: 'count', value: String(model.services.size) },
        ],
      ),
    );
  }
  const nodes = [...model.nodes.values()];
  if (kp.mode === 'ebpf') {
    for (const n of nodes) {
      if (n.kernelVersion && kernelOlderThan(n.kernelVersion, EBPF_MIN_KERNEL)) {
        out.push(
          makeFinding(
            'EBPF_KERNEL_TOO_OLD',
            { node: n.name, kernel: n.kernelVersion, required: EBPF_MIN_KERNEL.join('.'), cni: cni.name },
            [
              { kind: 'Node', name: n.name, field: 'status.nodeInfo.kernelVersion', value: n.kernelVersion },
              ...kp.evidence,
            ],
          ),
        );
      }
    }
  }
  const unders = nodes.map((n) => ({ node: n.name, mtu: underlayMTU(model, n.name) }));
  if (new Set(unders.map((u) => u.mtu.value)).size > 1) {
    out.push(
      makeFinding(
        'MTU_MISMATCH_NODES',
        { what: 'underlay', nodes: unders.map((u) => ({ node: u.node, mtu: u.mtu.value })) },
        unders.flatMap((u) => u.mtu.evidence),
      ),
    );
  }
  if (wrapsPodTraffic(cni) && nodes.length > 1) {
    const overhead = overheadOf(cni);
    // Of the nodes with the smallest underlay, one that runs pods on the pod network: the
    // finding names pods that really hit it (a control-plane node may run only host-network
    // pods, whose packets are not encapsulated).
    const runsPods = (node: string) =>
      (model.index.podsByNode.get(node) ?? []).some((p) => !p.hostNetwork && p.ips.length > 0);
    const worst = [...unders].sort(
      (a, b) => a.mtu.value - b.mtu.value || Number(runsPods(b.node)) - Number(runsPods(a.node)),
    )[0]!;
    const pod = podMTU(model, cni, worst.node);
    if (pod.value + overhead > worst.mtu.value) {
      const target = worst.mtu.value - overhead;
      const setting = mtuSettingFor(cni, target);
      out.push(
        makeFinding(
          'MTU_BLACKHOLE',
          {
            node: worst.node,
            podMTU: pod.value,
            size: pod.value,
            overlay: layersName(defaultLayers(cni)),
            overhead,
            underlay: worst.mtu.value,
            dst: podIpElsewhere(model, worst.node) ?? 'POD_IP_ON_ANOTHER_NODE',
            target,
            fixCommand: mtuFixCommand(cni, target),
            ...(setting ? { setting } : {}),
            // The pod MTU setting is cluster-wide: every pod created before it keeps the old MTU.
            restart: restartCommands(model, undefined),
          },
          [...pod.evidence, ...cni.evidence, ...worst.mtu.evidence],
        ),
      );
    }
  }
  if (
    kp.mode === 'ipvs' &&
    !kp.strictARP &&
    platform.metallb.pools.some((p) => p.advertisedBy.some((a) => a.mode === 'l2'))
  ) {
    out.push(makeFinding('IPVS_STRICT_ARP_REQUIRED', {}, kp.evidence));
  }
  if (cni.assumed && nodes.length > 0)
    out.push(
      makeFinding('CNI_ASSUMED', {}, [
        { kind: 'Snapshot', name: model.meta.title, field: 'objects', value: 'no CNI object found' },
      ]),
    );
  if (unders.some((u) => u.mtu.assumed) && wrapsPodTraffic(cni))
    out.push(
      makeFinding('MTU_ASSUMED', {}, [
        { kind: 'Settings', name: 'snapshot', field: 'settings.underlayMTU', value: '(unset: 1500 assumed)' },
      ]),
    );
  return out;
}

/**
 * A pod address on another node to probe across the overlay (the first by pod key, so the
 * command is stable): the verify commands then run as written. Without one the command
 * keeps the placeholder, said in capitals so it is not mistaken for an address.
 */
function podIpElsewhere(model: ClusterModel, node: string): string | undefined {
  const pods = [...model.pods.values()]
    .filter((p) => !p.hostNetwork && p.nodeName !== undefined && p.nodeName !== node && p.ips.length > 0)
    .sort((a, b) => a.key.localeCompare(b.key));
  const pod = pods[0];
  return pod ? (pod.ips.find((ip) => !ip.includes(':')) ?? pod.ips[0]) : undefined;
}
