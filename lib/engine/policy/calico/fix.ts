// The Calico policy that would allow a denied connection, placed where the denial
// happened: in the tier that dropped it (a Calico policy of a lower order than a
// denying rule, or any order when the tier's default action dropped it). Names in a
// non-default tier are TIER.NAME, as Calico requires
// (docs.tigera.io/calico/latest/reference/resources/networkpolicy#metadata).

import type { ClusterModel, Pod, Protocol } from '../../../model';
import type { DirectionVerdict, PeerEndpoint } from '../types';

const q = (s: string) => JSON.stringify(s);

/** A selector for a pod: its `app`-like label when it has one, else all its labels. */
function podSelectorText(pod: Pod): string {
  for (const key of APP_KEYS) {
    const v = pod.labels[key];
    if (v !== undefined) return `${key} == ${q(v)}`;
  }
  const all = Object.entries(pod.labels).map(([k, v]) => `${k} == ${q(v)}`);
  return all.length > 0 ? all.join(' && ') : 'all()';
}

const APP_KEYS = ['app.kubernetes.io/name', 'app', 'k8s-app', 'name'];

function appName(pod: Pod): string {
  for (const key of APP_KEYS) if (pod.labels[key] !== undefined) return pod.labels[key]!;
  return pod.workload.kind === 'ReplicaSet'
    ? pod.workload.name.replace(/-[a-z0-9]+$/, '')
    : pod.workload.name;
}

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40) || 'peer'
  );
}

/**
 * YAML (ending in a newline) of a projectcalico.org/v3 NetworkPolicy that allows the
 * connection, and a sentence saying where it goes; undefined when a Calico policy is not
 * the fix (a Kubernetes or admin tier decided, or nothing was denied).
 */
export function calicoFixPolicy(
  model: ClusterModel,
  verdict: DirectionVerdict,
  subject: Pod,
  peer: PeerEndpoint,
  protocol: Protocol,
  port: number,
): { yaml: string; note: string } | undefined {
  const calico = verdict.calico;
  if (!calico || verdict.allowed || !model.calico) return undefined;
  const tier = calico.tier;
  if (tier === 'kube-admin' || tier === 'kube-baseline' || tier === 'profiles') return undefined;
  const denyRef = verdict.decidedBy.find((r) => r.action === 'Deny' && r.tier === 'calico');
  if (!denyRef && verdict.decidedBy.some((r) => r.tier !== 'calico')) return undefined;
  const denying = denyRef
    ? model.calico.policies.find(
        (p) =>
          p.kind === denyRef.policy.kind &&
          p.name === denyRef.policy.name &&
          p.namespace === denyRef.policy.namespace,
      )
    : undefined;
  let order = 100;
  if (denying?.order !== undefined) order = denying.order >= 1 ? denying.order - 1 : denying.order / 2;
  const ingress = verdict.direction === 'Ingress';
  // App names, not pod names: the policy is for every replica.
  const peerName = peer.type === 'pod' ? appName(peer.pod) : peer.ip;
  const base = `allow-${slug(ingress ? `${peerName}-to-${appName(subject)}` : `${appName(subject)}-to-${peerName}`)}`;
  const name = tier === 'default' ? base : `${tier}.${base}`;
  const peerEntity =
    peer.type === 'pod'
      ? [
          `      selector: ${q(podSelectorText(peer.pod))}`,
          ...(peer.pod.namespace !== subject.namespace
            ? [`      namespaceSelector: ${q(`projectcalico.org/name == ${q(peer.pod.namespace)}`)}`]
            : []),
        ]
      : [`      nets: [${peer.ip}${peer.ip.includes(':') ? '/128' : '/32'}]`];
  const rule = [
    `  - action: Allow`,
    `    protocol: ${protocol}`,
    `    ${ingress ? 'source' : 'destination'}:`,
    ...peerEntity,
    ...(ingress ? [`    destination:`, `      ports: [${port}]`] : [`      ports: [${port}]`]),
  ];
  const yaml = [
    'apiVersion: projectcalico.org/v3',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${subject.namespace}`,
    'spec:',
    `  tier: ${tier}`,
    `  order: ${order}`,
    `  selector: ${q(podSelectorText(subject))}`,
    `  types: [${verdict.direction}]`,
    `  ${ingress ? 'ingress' : 'egress'}:`,
    ...rule,
    '',
  ].join('\n');
  const where = denying
    ? `Add a policy in tier ${tier} ordered before ${denying.kind} ${denying.namespace ? `${denying.namespace}/` : ''}${denying.name} (order ${denying.order ?? 'none'}), so its Allow matches first`
    : `Add the missing application policy in tier ${tier}: its policies select ${subject.key} for ${verdict.direction.toLowerCase()} but none matches, so the tier's default action drops it`;
  return { yaml, note: where };
}
