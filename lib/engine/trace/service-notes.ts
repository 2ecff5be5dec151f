// Data-plane notes raised at service hops: assumed kube-proxy mode, iptables scale,
// eBPF on an old kernel. Thresholds live here, next to their reasons.

import type { TraceContext } from './context';

/** Services beyond which iptables' linear KUBE-SERVICES walk and full resyncs hurt. */
export const IPTABLES_SCALE_THRESHOLD = 1000;
/** Kernel floor for eBPF kube-proxy replacement (the seeds use 5.10). */
export const EBPF_MIN_KERNEL: readonly [number, number] = [5, 10];

export function kernelOlderThan(kernel: string, floor: readonly [number, number]): boolean {
  const m = /^(\d+)\.(\d+)/.exec(kernel);
  if (!m) return false;
  const major = Number(m[1]);
  const minor = Number(m[2]);
  return major < floor[0] || (major === floor[0] && minor < floor[1]);
}

export function raisePlatformNotes(ctx: TraceContext, hopId: string, node: string | undefined): void {
  const { model, platform, path } = ctx;
  const kp = platform.kubeProxy;
  if (kp.assumed)
    path.raise(hopId, 'KUBE_PROXY_MODE_ASSUMED', { assumed: kp.mode }, [
      {
        kind: 'ConfigMap',
        namespace: 'kube-system',
        name: 'kube-proxy',
        field: 'data.config.conf',
        value: '(not in snapshot)',
      },
    ]);
  if (kp.mode === 'iptables' && model.services.size >= IPTABLES_SCALE_THRESHOLD) {
    const endpoints = ctx.derived.endpointCount;
    path.raise(
      hopId,
      'KUBE_PROXY_IPTABLES_SCALE',
      { services: model.services.size, endpoints, threshold: IPTABLES_SCALE_THRESHOLD },
      [
        ...kp.evidence,
        { kind: 'Service', name: '(all)', field: 'count', value: String(model.services.size) },
      ],
    );
  }
  const info = node ? model.nodes.get(node) : undefined;
  if (kp.mode === 'ebpf' && info?.kernelVersion && kernelOlderThan(info.kernelVersion, EBPF_MIN_KERNEL)) {
    path.raise(
      hopId,
      'EBPF_KERNEL_TOO_OLD',
      {
        node: info.name,
        kernel: info.kernelVersion,
        required: EBPF_MIN_KERNEL.join('.'),
        cni: platform.cni.name === 'unknown' ? 'The CNI' : platform.cni.name,
      },
      [
        { kind: 'Node', name: info.name, field: 'status.nodeInfo.kernelVersion', value: info.kernelVersion },
        ...kp.evidence,
      ],
    );
  }
}
