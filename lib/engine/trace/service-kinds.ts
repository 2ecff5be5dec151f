// Services kube-proxy does not translate: ExternalName (a DNS CNAME) and headless
// (clusterIP: None, DNS answers with the pod IPs). Both add a `service` hop that says
// what DNS does, then the path goes on to the real destination.

import type { Service } from '../../model/types';
import { isIP } from '../platform/net';
import { evaluateConnection } from '../policy';
import type { TraceContext } from './context';
import { hostPort } from './context';
import type { Backend } from './endpoints';
import { backendsOf } from './endpoints';
import { toExternal } from './egress';
import type { Source } from './in-cluster';
import { nodeHop } from './transit';

/** `name.ns.svc[.cluster.local]` of a Service in the model, when an ExternalName points back into the cluster. */
export function inClusterTarget(ctx: TraceContext, externalName: string): Service | undefined {
  const m = /^([a-z0-9-]+)\.([a-z0-9-]+)\.svc(?:\.[a-z0-9.-]+)?\.?$/.exec(externalName.toLowerCase());
  return m ? ctx.model.services.get(`${m[2]}/${m[1]}`) : undefined;
}

/**
 * The ExternalName hop: cluster DNS answers with a CNAME; no ClusterIP, no kube-proxy rules.
 * https://kubernetes.io/docs/concepts/services-networking/service/#externalname
 */
export function externalNameHop(ctx: TraceContext, svc: Service, node: string | undefined): string {
  const name = svc.externalName ?? '(no spec.externalName)';
  const port = ctx.port ?? svc.ports[0]?.port;
  const id = ctx.path.add({
    kind: 'service',
    label: `${svc.key} → CNAME ${name}`,
    node,
    src: ctx.packet.src,
    dst: hostPort(name, port),
    explain: `${svc.key} is type ExternalName: cluster DNS answers ${svc.name}.${svc.namespace}.svc with a CNAME to ${name}. There is no ClusterIP and kube-proxy programs nothing; the client resolves ${name} and connects to that address itself.`,
    facts: { type: 'ExternalName', CNAME: name, ClusterIP: 'none', 'kube-proxy': 'no rules (no DNAT)' },
    verify: [
      `kubectl run -it --rm dnscheck --image=busybox:1.36 --restart=Never -- nslookup ${svc.name}.${svc.namespace}.svc.cluster.local`,
    ],
    refs: [{ kind: 'Service', namespace: svc.namespace, name: svc.name }],
  });
  ctx.path.raise(
    id,
    'EXTERNAL_NAME_SERVICE',
    { service: svc.key, externalName: name, ...(port !== undefined ? { port } : {}) },
    [
      {
        kind: 'Service',
        namespace: svc.namespace,
        name: svc.name,
        field: 'spec.type',
        value: 'ExternalName',
      },
      { kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.externalName', value: name },
    ],
  );
  return id;
}

/** From `src` to the outside name an ExternalName points at (source hops already on the path). */
export function toExternalName(ctx: TraceContext, src: Source, name: string, port: number | undefined): void {
  if (isIP(name)) return toExternal(ctx, src, name, port);
  const nodeName = src.type === 'pod' ? src.pod.nodeName : src.node;
  ctx.packet.dst = hostPort(name, port);
  // Whether egress policy applies at all does not depend on the peer: probe isolation with a
  // documentation address (RFC 5737); what it allows depends on the address DNS returns.
  const egress =
    src.type === 'pod'
      ? evaluateConnection(
          ctx.model,
          { type: 'pod', pod: src.pod },
          { type: 'ip', ip: '192.0.2.1' },
          ctx.protocol,
          port ?? 443,
        ).egress
      : undefined;
  const policyFact = !egress
    ? 'not applied (node traffic)'
    : egress.isolated
      ? `depends on the address DNS returns (${src.type === 'pod' ? src.pod.key : 'the pod'} is isolated for egress by ${egress.selectingPolicies.map((p) => p.name).join(', ')})`
      : 'allowed: no egress policy selects the pod';
  if (nodeName) nodeHop(ctx, nodeName, `${name} (outside the cluster) via the default route`);
  ctx.path.add({
    kind: 'external',
    label: `${hostPort(name, port)} (outside the cluster)`,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain: `The client connects to the address DNS returns for ${name}. That address is resolved at connect time and is not in the snapshot, so ipBlock rules and masquerading towards it cannot be judged here.`,
    facts: { address: 'resolved by DNS, unknown in the snapshot', 'egress policy': policyFact },
  });
}

export interface HeadlessChoice {
  readonly ready: readonly Backend[];
  readonly chosen?: Backend;
}

/**
 * The headless hop: DNS returns one A/AAAA record per ready endpoint, the client picks one
 * and connects to it directly; kube-proxy skips Services without a ClusterIP.
 * https://kubernetes.io/docs/concepts/services-networking/service/#headless-services
 */
export function headlessHop(
  ctx: TraceContext,
  svc: Service,
  node: string | undefined,
  dstPort: number | undefined,
): HeadlessChoice {
  const port = svc.ports.find((p) => p.port === dstPort) ?? svc.ports[0];
  const all = port ? backendsOf(ctx.model, svc, port).backends : [];
  const ready = all.filter((b) => b.ready);
  const chosen = ready.find((b) => b.node !== undefined && b.node !== node) ?? ready[0];
  const domain = `${svc.name}.${svc.namespace}.svc.cluster.local`;
  const connectPort = dstPort ?? port?.port;
  if (chosen) ctx.packet.dst = hostPort(chosen.ip, connectPort);
  const id = ctx.path.add({
    kind: 'service',
    label: `${svc.key} headless: DNS returns ${ready.length} pod IP${ready.length === 1 ? '' : 's'}`,
    node,
    src: ctx.packet.src,
    dst: ctx.packet.dst,
    explain:
      `${svc.key} is headless (clusterIP: None): DNS answers ${domain} with the ready pod addresses and the client connects to one of them directly. kube-proxy programs nothing for it, so there is no DNAT: the packet goes to the pod IP on port ${connectPort ?? '?'} as the client chose it` +
      (port && String(port.targetPort) !== String(port.port)
        ? ` (the Service's targetPort ${port.targetPort} is not applied: nothing translates the port)`
        : '') +
      '.',
    facts: {
      ClusterIP: 'None',
      'kube-proxy': 'no rules (no DNAT)',
      'DNS answer': ready.map((b) => b.ip).join(', ') || '(no records)',
    },
    verify: [`kubectl run -it --rm dnscheck --image=busybox:1.36 --restart=Never -- nslookup ${domain}`],
    refs: [{ kind: 'Service', namespace: svc.namespace, name: svc.name }],
    branches: ready.map((b) => ({
      label: b.pod?.key ?? b.ip,
      share: 1 / ready.length,
      ...(b.pod ? { target: { kind: 'Pod', namespace: b.pod.namespace, name: b.pod.name } } : {}),
      address: hostPort(b.ip, connectPort),
      ...(b.node ? { node: b.node } : {}),
      chosen: b === chosen,
      note: 'DNS A record: the client picks one (usually the first it gets)',
    })),
  });
  ctx.path.raise(
    id,
    'HEADLESS_SERVICE',
    { service: svc.key, endpoints: ready.map((b) => b.pod?.key ?? b.ip), domain },
    [{ kind: 'Service', namespace: svc.namespace, name: svc.name, field: 'spec.clusterIP', value: 'None' }],
  );
  if (!chosen) ctx.path.drop(id, true, `DNS has no address for ${domain}: ${svc.key} has no ready endpoint`);
  return { ready, chosen };
}
