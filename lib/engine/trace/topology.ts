// Which endpoints kube-proxy on one node programs for a Service port, following
// kubernetes pkg/proxy/topology.go (CategorizeEndpoints, topologyModeFromHints,
// availableForTopology): ready endpoints filtered by topology hints, the Local traffic
// policy's node-local set, and serving+terminating endpoints as the fallback when no
// endpoint is ready (KEP-1669, ProxyTerminatingEndpoints, GA in 1.28).

import type { ClusterModel, Service } from '../../model/types';
import type { Backend } from './endpoints';

/** Node label kube-proxy reads its zone from (v1.LabelTopologyZone). */
export const ZONE_LABEL = 'topology.kubernetes.io/zone';

export type TopologyMode = '' | 'PreferSameZone' | 'PreferSameNode';

export interface Categorized {
  /** Endpoints the data plane may pick on this node for this traffic. */
  readonly usable: readonly Backend[];
  /** The topology mode kube-proxy derived from the hints ('' = all endpoints). */
  readonly mode: TopologyMode;
  /** Why hints were ignored, when some endpoint carries hints but the mode is ''. */
  readonly hintsIgnored?: string;
  /** No endpoint is ready: serving+terminating endpoints are used instead. */
  readonly terminatingFallback: boolean;
  /** Some endpoint anywhere is usable (ready, or serving+terminating). */
  readonly hasAny: boolean;
  readonly zone?: string;
}

const isServingTerminating = (b: Backend) => b.serving && b.terminating;

function zoneHints(b: Backend): readonly string[] {
  return b.hints?.forZones ?? [];
}
function nodeHints(b: Backend): readonly string[] {
  return b.hints?.forNodes ?? [];
}

/** topologyModeFromHints: node hints first (PreferSameTrafficDistribution, on by default since 1.34), then zone hints. */
export function topologyModeFromHints(
  backends: readonly Backend[],
  node: string | undefined,
  zone: string | undefined,
): { mode: TopologyMode; ignored?: string } {
  const ready = backends.filter((b) => b.ready);
  if (ready.length === 0) return { mode: '' };
  const anyHints = ready.some((b) => zoneHints(b).length > 0 || nodeHints(b).length > 0);
  if (ready.every((b) => nodeHints(b).length > 0) && node && ready.some((b) => nodeHints(b).includes(node)))
    return { mode: 'PreferSameNode' };
  if (ready.every((b) => zoneHints(b).length > 0)) {
    if (zone && ready.some((b) => zoneHints(b).includes(zone))) return { mode: 'PreferSameZone' };
    return {
      mode: '',
      ignored: zone ? `no endpoint is hinted for zone ${zone}` : `the node has no ${ZONE_LABEL} label`,
    };
  }
  return { mode: '', ...(anyHints ? { ignored: 'one or more ready endpoints carry no zone hint' } : {}) };
}

function availableForTopology(
  b: Backend,
  mode: TopologyMode,
  node: string | undefined,
  zone: string | undefined,
): boolean {
  if (mode === 'PreferSameNode') return node !== undefined && nodeHints(b).includes(node);
  if (mode === 'PreferSameZone') return zone !== undefined && zoneHints(b).includes(zone);
  return true;
}

/**
 * The endpoints of `backends` kube-proxy on `node` uses for traffic under `local`
 * (the Local policy that applies: externalTrafficPolicy from outside, internal from inside).
 * Hints only shape Cluster-policy endpoints; the Local policy ignores them.
 */
export function categorize(
  model: ClusterModel,
  backends: readonly Backend[],
  node: string | undefined,
  local: boolean,
): Categorized {
  const zone = node ? model.nodes.get(node)?.labels[ZONE_LABEL] : undefined;
  const hasAny = backends.some((b) => b.ready || isServingTerminating(b));
  if (local && node) {
    const localReady = backends.filter((b) => b.node === node && b.ready);
    if (localReady.length) return { usable: localReady, mode: '', terminatingFallback: false, hasAny, zone };
    const localTerm = backends.filter((b) => b.node === node && isServingTerminating(b));
    return { usable: localTerm, mode: '', terminatingFallback: localTerm.length > 0, hasAny, zone };
  }
  const { mode, ignored } = topologyModeFromHints(backends, node, zone);
  const ready = backends.filter((b) => b.ready && availableForTopology(b, mode, node, zone));
  if (ready.length)
    return {
      usable: ready,
      mode,
      ...(ignored ? { hintsIgnored: ignored } : {}),
      terminatingFallback: false,
      hasAny,
      zone,
    };
  const term = backends.filter(isServingTerminating);
  return {
    usable: term,
    mode,
    ...(ignored ? { hintsIgnored: ignored } : {}),
    terminatingFallback: term.length > 0,
    hasAny,
    zone,
  };
}

/**
 * trafficDistribution PreferClose / PreferSameZone / PreferSameNode on slices without
 * hints (a manifest, or slices derived from the selector): the EndpointSlice controller
 * would hint every ready endpoint for its own zone (and its node for PreferSameNode)
 * (kubernetes staging/src/k8s.io/endpointslice/trafficdist/trafficdist.go,
 * preferCloseHeuristic.update), so the same hints are assumed here and said so.
 */
export function assumedHints(
  svc: Service,
  backends: readonly Backend[],
): { backends: readonly Backend[]; assumed: boolean } {
  const td = svc.trafficDistribution;
  if (td !== 'PreferClose' && td !== 'PreferSameZone' && td !== 'PreferSameNode')
    return { backends, assumed: false };
  if (backends.some((b) => b.hints)) return { backends, assumed: false };
  const nodeHints = td === 'PreferSameNode';
  const hint = (b: Backend) => ({
    forZones: b.zone ? [b.zone] : [],
    forNodes: nodeHints && b.node ? [b.node] : [],
  });
  const out = backends.map((b) => {
    if (!b.ready) return b;
    const h = hint(b);
    return h.forZones.length || h.forNodes.length ? { ...b, hints: h } : b;
  });
  return { backends: out, assumed: out.some((b) => b.hints) };
}
