// Public evaluator entry points: one connection with its explanation, or the full
// connection set between two endpoints.

import {
  ALL_CONNECTIONS,
  containsConnection,
  intersectConnections,
  isEmptyConnections,
  singleConnection,
  type ConnectionSet,
} from '../net/connection-set';
import type { ClusterModel, ObjectRef, PolicyDirection, Protocol } from '../../model/types';
import { decideDirection, type DirectionDecision } from './decide';
import { calicoChain } from './calico/chain';
import { directionClause, networkPolicyReasons } from './explain';
import { ciliumReasons } from './cilium/reasons';
import { endpointName } from './peers';
import type { ConnectionVerdict, DirectionVerdict, EvaluateOptions, PeerEndpoint } from './types';

function selectingRefs(decision: DirectionDecision): ObjectRef[] {
  if (decision.calico) {
    const seen = new Map<string, ObjectRef>();
    for (const step of decision.calico.steps) {
      if (step.stage === 'profiles') continue;
      for (const p of step.policies) {
        const ref: ObjectRef = {
          kind: p.ref.kind,
          ...(p.ref.namespace ? { namespace: p.ref.namespace } : {}),
          name: p.ref.name,
        };
        seen.set(`${p.ref.apiGroup} ${p.ref.kind} ${p.ref.namespace ?? ''}/${p.ref.name}`, ref);
      }
    }
    return [...seen.values()];
  }
  const s = decision.selecting;
  if (!s) return [];
  const refs: ObjectRef[] = [
    ...s.admin.map((p) => ({ kind: p.kind ?? 'AdminNetworkPolicy', name: p.name })),
    ...s.networkPolicies.map((p) => ({ kind: 'NetworkPolicy', namespace: p.namespace, name: p.name })),
    ...(decision.ciliumPolicies ?? []).map((p) => ({
      kind: p.kind,
      ...(p.namespace !== undefined ? { namespace: p.namespace } : {}),
      name: p.name,
    })),
    ...(s.baselineCluster ?? []).map((p) => ({ kind: 'ClusterNetworkPolicy', name: p.name })),
    ...(s.baseline ? [{ kind: 'BaselineAdminNetworkPolicy', name: s.baseline.name }] : []),
  ];
  // A Cilium object with specs[] stands for several rules: name it once.
  return refs.filter(
    (r, i, all) =>
      all.findIndex((x) => x.kind === r.kind && x.name === r.name && x.namespace === r.namespace) === i,
  );
}

function toVerdict(
  model: ClusterModel,
  decision: DirectionDecision,
  protocol: Protocol,
  port: number,
  options: EvaluateOptions,
): DirectionVerdict {
  const segment = decision.segments.find((s) => containsConnection(s.conns, protocol, port));
  const allowed = segment?.allowed ?? false;
  const deniedByNetpol = !allowed && segment?.tier === 'networkpolicy';
  return {
    direction: decision.direction,
    allowed,
    isolated: decision.isolated,
    decidedAt: segment?.tier ?? 'default',
    decidedBy: segment ? [...segment.passedBy, ...segment.by] : [],
    selectingPolicies: selectingRefs(decision),
    reasons:
      deniedByNetpol && segment.by.length === 0
        ? [
            ...networkPolicyReasons(model, decision, protocol, port, options),
            ...ciliumReasons(model, decision, protocol, port),
          ]
        : deniedByNetpol
          ? networkPolicyReasons(model, decision, protocol, port, options)
          : [],
    explanation: `${directionClause(decision, segment)}.`,
    ...(decision.calico
      ? {
          calico: {
            chain: calicoChain(decision.calico, protocol, port),
            tier: segment?.calicoTier ?? 'default',
            ...(segment?.tierDefault ? { tierDefault: segment.tierDefault } : {}),
            assumptions: decision.calico.assumptions,
          },
        }
      : {}),
  };
}

/** Traffic between a pod and its own node is allowed by most CNIs whatever the policies say. */
function isOwnNode(model: ClusterModel, a: PeerEndpoint, b: PeerEndpoint): boolean {
  if (a.type !== 'pod' || b.type !== 'ip') return false;
  if (a.pod.hostIP === b.ip) return true;
  const node = a.pod.nodeName ? model.nodes.get(a.pod.nodeName) : undefined;
  return node !== undefined && node.internalIPs.includes(b.ip);
}

function nodeVerdict(direction: PolicyDirection, pod: string, node: string): DirectionVerdict {
  return {
    direction,
    allowed: true,
    isolated: false,
    decidedAt: 'default',
    decidedBy: [],
    selectingPolicies: [],
    reasons: [],
    explanation: `${node} is the node of ${pod}; traffic between a pod and its own node is allowed by most CNIs regardless of policy.`,
  };
}

/**
 * Whether `from` may open a `protocol`/`port` connection to `to`: egress allowed at the
 * source AND ingress allowed at the destination, each decided by `decideDirection`
 * (ANP → NetworkPolicy → BANP → default). A pod to itself is evaluated like any other
 * pair. Pure; policy selection is memoised per (namespace, labels).
 */
export function evaluateConnection(
  model: ClusterModel,
  from: PeerEndpoint,
  to: PeerEndpoint,
  protocol: Protocol,
  port: number,
  options: EvaluateOptions = {},
): ConnectionVerdict {
  const label = `${endpointName(from)} → ${endpointName(to)} on ${protocol} ${port}`;
  if (isOwnNode(model, from, to) || isOwnNode(model, to, from)) {
    const pod = from.type === 'pod' ? from.pod.key : endpointName(to);
    const node = from.type === 'ip' ? from.ip : endpointName(to);
    return {
      allowed: true,
      protocol,
      port,
      egress: nodeVerdict('Egress', pod, node),
      ingress: nodeVerdict('Ingress', pod, node),
      explanation: `${label} is allowed: ${node} is the node of ${pod}, and most CNIs allow traffic between a pod and its own node regardless of policy.`,
    };
  }
  const scope = singleConnection(protocol, port);
  const egressDecision = decideDirection(model, from, to, 'Egress', scope, options);
  const ingressDecision = decideDirection(model, from, to, 'Ingress', scope, options);
  const egress = toVerdict(model, egressDecision, protocol, port, options);
  const ingress = toVerdict(model, ingressDecision, protocol, port, options);
  const clause = (v: DirectionVerdict) => v.explanation.replace(/\.$/, '');
  let explanation: string;
  if (egress.allowed && ingress.allowed) {
    explanation = `${label} is allowed: egress: ${clause(egress)}; ingress: ${clause(ingress)}.`;
  } else if (!egress.allowed && !ingress.allowed) {
    explanation = `${label} is denied at egress (${clause(egress)}) and at ingress (${clause(ingress)}).`;
  } else {
    const denied = egress.allowed ? ingress : egress;
    explanation = `${label} is denied at ${denied.direction.toLowerCase()}: ${clause(denied)}.`;
  }
  return { allowed: egress.allowed && ingress.allowed, protocol, port, egress, ingress, explanation };
}

/**
 * Every connection `from` may open to `to`: the egress set at the source intersected
 * with the ingress set at the destination, computed with set algebra (no port probing).
 */
export function allowedConnections(
  model: ClusterModel,
  from: PeerEndpoint,
  to: PeerEndpoint,
  options: EvaluateOptions = {},
): ConnectionSet {
  const egress = decideDirection(model, from, to, 'Egress', ALL_CONNECTIONS, options).allowed;
  if (isEmptyConnections(egress)) return egress;
  return intersectConnections(egress, decideDirection(model, from, to, 'Ingress', egress, options).allowed);
}
