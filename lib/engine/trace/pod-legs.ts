// The pod ends of a path: the source pod's eth0 and host-side veth, and on the far
// side the destination veth and the endpoint (pod and port).

import type { Pod } from '../../model/types';
import { podMTU, podMTUFacts, underlayMTU } from '../platform/mtu';
import { selectorMatches } from '../policy/label-match';
import type { TraceContext } from './context';
import { hostPort } from './context';
import { HOST_NETWORK, NETWORK_FACT, SEEN_SOURCE_FACT } from './facts';

function podRef(pod: Pod) {
  return { kind: 'Pod', namespace: pod.namespace, name: pod.name };
}

function podIP(pod: Pod): string {
  if (pod.hostNetwork && pod.ips.length === 0 && pod.hostIP) return pod.hostIP;
  return pod.ips[0] ?? `(${pod.key}: no IP yet)`;
}

/** Host-side interface name, as the CNI names it (`cali…`, `lxc…`, `veth…`). */
export function vethName(ctx: TraceContext, pod: Pod): string {
  return `${ctx.platform.cni.vethPrefix}${pod.name.replace(/[^a-z0-9]/g, '').slice(0, 11 - ctx.platform.cni.vethPrefix.length)}…`;
}

/** pod-eth0 and veth of the source pod. Sets the packet size from the pod MTU unless --size was given. */
export function sourcePodHops(ctx: TraceContext, pod: Pod): void {
  const mtu = podMTU(ctx.model, ctx.platform.cni, pod.nodeName, podIP(pod).includes(':'));
  if (ctx.explicitSize === undefined) ctx.packet.size = mtu.value;
  const eth0 = ctx.path.add({
    kind: 'pod-eth0',
    label: `${pod.key} eth0`,
    node: pod.nodeName,
    mtu: mtu.value,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: `${pod.key} sends from its eth0 (${podIP(pod)}); ${mtu.route !== undefined ? `the interface MTU is ${mtu.device} and the pod's routes carry MTU ${mtu.route}, so TCP sizes its segments to ${mtu.route}` : `the interface MTU is ${mtu.value}`} (${mtu.basis}).`,
    facts: {
      'pod IP': podIP(pod),
      ...podMTUFacts(mtu),
      'packet size': String(ctx.packet.size),
      ...(pod.synthesized ? { note: 'pod synthesized from its workload template' } : {}),
    },
    refs: [podRef(pod)],
  });
  if (ctx.packet.size > mtu.value) {
    ctx.path.raise(
      eth0,
      'MTU_FRAGMENTATION_RISK',
      {
        hop: `${pod.key} eth0${mtu.route !== undefined ? ' (route MTU)' : ''}`,
        size: ctx.packet.size,
        mtu: mtu.value,
        dst: ctx.packet.dst,
        pod: pod.key,
      },
      mtu.evidence,
    );
    ctx.packet.size = mtu.value;
  }
  addVethHop(
    ctx,
    pod,
    mtu.value,
    (veth) =>
      `The packet leaves the pod's network namespace through the veth pair and arrives on the host side (${veth}) of ${pod.nodeName ?? 'its node'}.`,
  );
}

/** Destination veth and the endpoint hop. */
export function deliverToPod(ctx: TraceContext, pod: Pod, port: number | undefined): void {
  const mtu = podMTU(ctx.model, ctx.platform.cni, pod.nodeName, podIP(pod).includes(':'));
  addVethHop(
    ctx,
    pod,
    mtu.device,
    () => `${pod.nodeName ?? 'The node'} hands the packet to the host side of ${pod.key}'s veth pair.`,
  );
  const declared =
    port === undefined
      ? undefined
      : pod.ports.find((p) => p.containerPort === port && p.protocol === ctx.protocol);
  ctx.path.add({
    kind: 'endpoint',
    label: `${pod.key}${port !== undefined ? `:${port}` : ''}`,
    node: pod.nodeName,
    mtu: mtu.device,
    src: ctx.packet.src,
    dst: hostPort(podIP(pod), port),
    explain: `The packet reaches ${pod.key} on ${ctx.protocol}${port !== undefined ? ` port ${port}` : ''}${declared ? ` (container ${declared.container}${declared.name ? `, port "${declared.name}"` : ''})` : ''}; it sees the source address ${ctx.packet.src}.`,
    facts: {
      'pod IP': podIP(pod),
      ready: String(pod.ready),
      [SEEN_SOURCE_FACT]: ctx.packet.src,
      ...(declared ? { container: declared.container } : {}),
    },
    refs: [podRef(pod)],
  });
}

/** NetworkPolicies in the pod's namespace whose podSelector matches its labels (they still do not apply to it). */
function policiesByLabels(ctx: TraceContext, pod: Pod): string[] {
  return (ctx.model.index.policiesByNamespace.get(pod.namespace) ?? [])
    .filter((p) => selectorMatches(p.podSelector, pod.labels))
    .map((p) => `NetworkPolicy ${p.key}`);
}

function raiseHostNetwork(
  ctx: TraceContext,
  hopId: string,
  pod: Pod,
  role: 'source' | 'destination',
  mtu: number,
): void {
  const node = pod.nodeName ?? '?';
  ctx.path.raise(
    hopId,
    'HOST_NETWORK_POD',
    { pod: pod.key, node, nodeIP: podIP(pod), mtu, role, policies: policiesByLabels(ctx, pod) },
    [
      { kind: 'Pod', namespace: pod.namespace, name: pod.name, field: 'spec.hostNetwork', value: 'true' },
      {
        kind: 'Pod',
        namespace: pod.namespace,
        name: pod.name,
        field: 'status.podIP',
        value: `${podIP(pod)} (the node's address)`,
      },
    ],
  );
}

/**
 * A host-network pod sends from the node's own stack: no veth, the node's address and
 * its interface (underlay) MTU. One hop, then the path continues as node traffic.
 */
export function hostNetworkSourceHop(ctx: TraceContext, pod: Pod): void {
  const under = underlayMTU(ctx.model, pod.nodeName);
  if (ctx.explicitSize === undefined) ctx.packet.size = under.value;
  const id = ctx.path.add({
    kind: 'pod-eth0',
    label: `${pod.key} (host network)`,
    node: pod.nodeName,
    mtu: under.value,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: `${pod.key} runs in ${pod.nodeName ?? 'its node'}'s network namespace (hostNetwork): it sends from the node's own address ${podIP(pod)} through the node's interface (MTU ${under.value}), with no veth pair, and no NetworkPolicy selects it.`,
    facts: {
      [NETWORK_FACT]: HOST_NETWORK,
      'node IP': podIP(pod),
      MTU: `${under.value}${under.assumed ? ' (assumed)' : ''}`,
      'packet size': String(ctx.packet.size),
    },
    refs: [podRef(pod), ...(pod.nodeName ? [{ kind: 'Node', name: pod.nodeName }] : [])],
  });
  raiseHostNetwork(ctx, id, pod, 'source', under.value);
}

/** The endpoint hop of a host-network pod: the node's address, the node's MTU, no veth. */
export function deliverToHostNetworkPod(ctx: TraceContext, pod: Pod, port: number | undefined): void {
  const under = underlayMTU(ctx.model, pod.nodeName);
  const declared =
    port === undefined
      ? undefined
      : pod.ports.find((p) => p.containerPort === port && p.protocol === ctx.protocol);
  const id = ctx.path.add({
    kind: 'endpoint',
    label: `${pod.key}${port !== undefined ? `:${port}` : ''} (host network)`,
    node: pod.nodeName,
    mtu: under.value,
    src: ctx.packet.src,
    dst: hostPort(podIP(pod), port),
    explain: `The packet reaches ${pod.nodeName ?? 'the node'}'s own address ${podIP(pod)}, where ${pod.key} listens in the node's network namespace${port !== undefined ? ` on ${ctx.protocol} ${port}` : ''}${declared ? ` (container ${declared.container})` : ''}; it sees the source address ${ctx.packet.src}. No NetworkPolicy selects a host-network pod.`,
    facts: {
      [NETWORK_FACT]: HOST_NETWORK,
      'node IP': podIP(pod),
      MTU: `${under.value}${under.assumed ? ' (assumed)' : ''}`,
      ready: String(pod.ready),
      [SEEN_SOURCE_FACT]: ctx.packet.src,
    },
    refs: [podRef(pod), ...(pod.nodeName ? [{ kind: 'Node', name: pod.nodeName }] : [])],
  });
  raiseHostNetwork(ctx, id, pod, 'destination', under.value);
}

export { podIP, podRef };

/** The host side of a pod's veth pair, on the way out of or into the pod. */
function addVethHop(ctx: TraceContext, pod: Pod, mtu: number, explain: (veth: string) => string): void {
  const veth = vethName(ctx, pod);
  ctx.path.add({
    kind: 'veth',
    label: `${veth} on ${pod.nodeName ?? '?'}`,
    node: pod.nodeName,
    mtu,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: explain(veth),
    facts: { interface: veth },
  });
}
