// What Calico sees of an endpoint: the labels its selectors read and the addresses
// its `nets` read. Sources (projectcalico/calico):
// - libcalico-go/lib/backend/k8s/conversion/constants.go and conversion.go: a workload
//   endpoint carries the pod's labels plus projectcalico.org/namespace,
//   projectcalico.org/orchestrator (k8s) and projectcalico.org/serviceaccount; its
//   namespace profile kns.NS adds the namespace's labels as pcns.KEY (and
//   pcns.projectcalico.org/name = NS), its service-account profile ksa.NS.SA the
//   service account's labels as pcsa.KEY (and pcsa.projectcalico.org/name = SA).
// - A rule `selector` compiles to an IP set of every matching endpoint AND network
//   set, so an address matches a selector when a host endpoint or network set
//   holding it matches (felix/calc: ipset members are endpoint IPs and set nets).

import { cidrContains } from '../../net/ip';
import type {
  CalicoHostEndpoint,
  CalicoModel,
  CalicoNetworkSet,
  ClusterModel,
  Labels,
  Pod,
} from '../../../model';
import { namespaceLabels } from '../label-match';
import type { PeerEndpoint } from '../types';

export const NAMESPACE_LABEL = 'projectcalico.org/namespace';
export const ORCHESTRATOR_LABEL = 'projectcalico.org/orchestrator';
export const SERVICE_ACCOUNT_LABEL = 'projectcalico.org/serviceaccount';
export const NAME_LABEL = 'projectcalico.org/name';
export const NAMESPACE_PREFIX = 'pcns.';
export const SERVICE_ACCOUNT_PREFIX = 'pcsa.';

/** The service account a pod runs as; the API server defaults it to `default`. */
export function podServiceAccount(pod: Pod): string {
  return pod.serviceAccount ?? 'default';
}

const wepLabels = new WeakMap<Pod, Labels>();

/** A pod's workload-endpoint labels, with the namespace and service-account profile labels. */
export function workloadLabels(model: ClusterModel, calico: CalicoModel, pod: Pod): Labels {
  let labels = wepLabels.get(pod);
  if (labels) return labels;
  const sa = podServiceAccount(pod);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(namespaceLabels(model, pod.namespace))) out[NAMESPACE_PREFIX + k] = v;
  out[NAMESPACE_PREFIX + NAME_LABEL] = pod.namespace;
  for (const [k, v] of Object.entries(calico.serviceAccountLabels.get(`${pod.namespace}/${sa}`) ?? {}))
    out[SERVICE_ACCOUNT_PREFIX + k] = v;
  out[SERVICE_ACCOUNT_PREFIX + NAME_LABEL] = sa;
  // Explicit profile objects for the namespace / service account add their labelsToApply.
  Object.assign(
    out,
    calico.profiles.get(`kns.${pod.namespace}`)?.labelsToApply,
    calico.profiles.get(`ksa.${pod.namespace}.${sa}`)?.labelsToApply,
  );
  Object.assign(out, pod.labels);
  out[NAMESPACE_LABEL] = pod.namespace;
  out[ORCHESTRATOR_LABEL] = 'k8s';
  out[SERVICE_ACCOUNT_LABEL] = sa;
  labels = out;
  wepLabels.set(pod, labels);
  return labels;
}

/** The host endpoint an address belongs to: listed in expectedIPs, or a node address of a `*` endpoint. */
export function hostEndpointOf(
  model: ClusterModel,
  calico: CalicoModel,
  ip: string,
): CalicoHostEndpoint | undefined {
  return (
    calico.hostEndpoints.find((h) => h.expectedIPs.includes(ip)) ??
    calico.hostEndpoints.find(
      (h) =>
        h.interfaceName === '*' &&
        h.node !== undefined &&
        (model.nodes.get(h.node)?.internalIPs.includes(ip) ?? false),
    )
  );
}

/** The host endpoint's labels (its profiles' labelsToApply under its own labels). */
export function hostEndpointLabels(calico: CalicoModel, hep: CalicoHostEndpoint): Labels {
  const out: Record<string, string> = {};
  for (const p of hep.profiles) Object.assign(out, calico.profiles.get(p)?.labelsToApply);
  return Object.assign(out, hep.labels);
}

/** Network sets holding one of the addresses. */
export function networkSetsHolding(calico: CalicoModel, ips: readonly string[]): CalicoNetworkSet[] {
  if (calico.networkSets.length === 0 || ips.length === 0) return [];
  return calico.networkSets.filter((s) => s.nets.some((n) => ips.some((ip) => safeContains(n, ip))));
}

export function safeContains(cidr: string, ip: string): boolean {
  try {
    return cidrContains(cidr, ip);
  } catch {
    return false;
  }
}

/** What Calico knows of one side of a connection. */
export interface CalicoEndpointView {
  /** The endpoint's own labels when it is a workload or host endpoint (policies select on these). */
  readonly own?: Labels;
  readonly hostEndpoint?: CalicoHostEndpoint;
  /** Every label set a rule selector can match the endpoint's address by (own + network sets). */
  readonly identities: readonly Labels[];
  readonly ips: readonly string[];
}

const views = new WeakMap<ClusterModel, WeakMap<PeerEndpoint, CalicoEndpointView>>();

export function endpointView(model: ClusterModel, calico: CalicoModel, ep: PeerEndpoint): CalicoEndpointView {
  let cache = views.get(model);
  if (!cache) views.set(model, (cache = new WeakMap()));
  let view = cache.get(ep);
  if (view) return view;
  if (ep.type === 'pod' && !ep.pod.hostNetwork) {
    const own = workloadLabels(model, calico, ep.pod);
    view = {
      own,
      identities: [own, ...networkSetsHolding(calico, ep.pod.ips).map((s) => s.labels)],
      ips: ep.pod.ips,
    };
  } else {
    // A host-network pod is its node's address to Calico (no workload endpoint).
    const ips = ep.type === 'pod' ? [...ep.pod.ips, ...(ep.pod.hostIP ? [ep.pod.hostIP] : [])] : [ep.ip];
    const hep = ips.map((ip) => hostEndpointOf(model, calico, ip)).find((h) => h !== undefined);
    const own = hep ? hostEndpointLabels(calico, hep) : undefined;
    const sets = networkSetsHolding(calico, ips).map((s) => s.labels);
    view = { ...(own ? { own, hostEndpoint: hep } : {}), identities: own ? [own, ...sets] : sets, ips };
  }
  cache.set(ep, view);
  return view;
}
