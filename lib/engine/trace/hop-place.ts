// Where a hop is, in the words a sentence shown to people uses: "the VXLAN encapsulation on
// worker-1", "the egress policy of shop/web-…". Hop kinds and ids (`encap`, `policy-egress`,
// `h6`) are names for programs; verdicts, replica summaries and findings say these instead.

import type { Hop, HopKind } from '../types';

/** Each hop kind as a noun phrase, for sentences that know the kind but not the hop. */
export const HOP_KIND_PHRASE: Readonly<Record<HopKind, string>> = {
  client: 'the client',
  'load-balancer': 'the load balancer',
  'node-port': 'the node port',
  ingress: 'the Ingress controller',
  gateway: 'the Gateway',
  service: 'the Service translation',
  'policy-egress': 'the egress policy',
  'pod-eth0': "the source pod's interface",
  veth: 'the veth pair',
  node: 'the host routing',
  encap: 'the encapsulation',
  routed: 'the routing between nodes',
  underlay: 'the node network',
  decap: 'the decapsulation',
  'policy-ingress': 'the ingress policy',
  snat: 'the source NAT',
  endpoint: 'the destination pod',
  external: 'the destination outside the cluster',
};

/**
 * Kinds whose label already reads as a place ("VXLAN encapsulation", "egress policy of
 * shop/web-…", "node network worker-1 → worker-2"): the sentence uses the label itself.
 * Other labels are names of things (an interface, a Service port) and read badly after "at".
 */
const LABEL_IS_PLACE: ReadonlySet<HopKind> = new Set([
  'encap',
  'decap',
  'policy-egress',
  'policy-ingress',
  'underlay',
]);

/** Kinds whose place names its own node (a policy names its pod; the underlay both nodes). */
const NAMES_ITS_NODE: ReadonlySet<HopKind> = new Set(['policy-egress', 'policy-ingress', 'underlay']);

/** The hop as a place in a sentence, with its node when the phrase does not already say it. */
export function hopPlace(hop: Pick<Hop, 'kind' | 'label' | 'node'>): string {
  const what = LABEL_IS_PLACE.has(hop.kind) ? `the ${hop.label}` : HOP_KIND_PHRASE[hop.kind];
  return hop.node && !NAMES_ITS_NODE.has(hop.kind) ? `${what} on ${hop.node}` : what;
}
