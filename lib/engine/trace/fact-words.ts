// Words for hop facts, shared by the hop panel and the tours: engine fact keys (stable for
// JSON and tests) as labels in one case style, sentence case, and the one explanation of
// inner MTU against pod MTU. Identifiers keep their own spelling (externalTrafficPolicy,
// ipBlock, kube-proxy, node names): people search manifests and nodes for them as written.

import type { Hop } from '../types';

/** Abbreviations in engine keys, spelled out where a label starts with them. */
const SPELLED: Readonly<Record<string, string>> = {
  'dst before': 'Destination before',
  'dst after': 'Destination after',
  'src before': 'Source before',
  'src after': 'Source after',
  'outer dst': 'Outer destination',
};

/**
 * `pod IP` → `Pod IP`, `calico tiers` → `Calico tiers`. Only a first word of plain lower-case
 * letters is capitalised; a word with digits, hyphens or capitals is a name and stays as is.
 */
export function factLabel(key: string): string {
  const spelled = SPELLED[key];
  if (spelled) return spelled;
  const first = key.split(' ', 1)[0]!;
  return /^[a-z]+$/.test(first) ? `${key.charAt(0).toUpperCase()}${key.slice(1)}` : key;
}

/**
 * Where a hop states both the inner MTU (what the tunnel carries) and the pod MTU (what the
 * pods send), the one explanation of how they relate, with this hop's numbers. Only the
 * encapsulation hop carries both, so the page explains it once.
 */
export function innerMtuNote(hop: Pick<Hop, 'facts'>): string | undefined {
  const facts = hop.facts ?? {};
  const inner = Number(facts['inner MTU']);
  // A route MTU, where the CNI sets one, is what sizes the pods' packets on this route.
  const pod = Number(facts['pod MTU'] ?? facts['pod route MTU'] ?? facts['pod eth0 MTU']);
  if (!Number.isFinite(inner) || !Number.isFinite(pod) || !facts['inner MTU']) return undefined;
  const overlay = facts.overlay ?? 'the tunnel';
  const overhead = facts.overhead
    ? ` the ${facts.overhead} of outer ${overlay} headers`
    : ' the outer headers';
  const verdict =
    pod > inner
      ? `Here the pods send up to ${pod} bytes but only ${inner} fit: full-size packets are dropped at this hop while small ones pass.`
      : `Here the pods send at most ${pod} bytes, which fits.`;
  return `Inner MTU is the largest packet that fits inside ${overlay}: the underlay MTU minus${overhead}. Pod MTU is the largest packet the pods send. ${verdict}`;
}
