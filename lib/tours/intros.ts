// The first step of a tour: what we are about to follow and what to watch for.

import type { TraceQuery } from '../engine/types';
import type { Scenario } from '../scenarios/types';
import type { TourIntro } from './types';

/** What to watch for in each built-in scenario, beyond its story. */
const WATCH_FOR: Readonly<Record<string, string>> = {
  'vxlan-mtu-blackhole':
    'Watch the MTU on every hop. The pod sends 1500-byte packets; at the encapsulation hop VXLAN adds 50 bytes, and the 1550-byte result meets a 1500-byte underlay.',
  'vxlan-mtu-fixed':
    'Watch the MTU again: the pod interface now carries 1450 bytes, so after the 50-byte VXLAN header the packet is exactly 1500 bytes and fits the underlay.',
};

function describeQuery(q: TraceQuery): string {
  const port = q.port !== undefined ? ` on ${q.protocol ?? 'TCP'} port ${q.port}` : '';
  const size = q.size !== undefined ? `, with a ${q.size}-byte packet` : '';
  return `We follow one packet from ${q.from} to ${q.to}${port}${size}, hop by hop, in the order the kernel handles it.`;
}

/** Intro of a built-in scenario's tour. */
export function scenarioIntro(scenario: Scenario, query: TraceQuery): TourIntro {
  const watch = WATCH_FOR[scenario.slug] ?? 'Watch each hop\'s addresses and MTU, and the verdict at every step: the hop where something goes wrong is marked.';
  return { title: scenario.title, paragraphs: [scenario.story, describeQuery(query), watch] };
}

/** Intro of a tour over the user's own source. */
export function sourceIntro(sourceTitle: string, query: TraceQuery): TourIntro {
  return {
    title: `A tour of ${sourceTitle}`,
    paragraphs: [
      describeQuery(query),
      'Each step explains one hop: what it is, what the packet looks like there in your cluster, what typically goes wrong, and the commands that show it on a real node.',
    ],
  };
}
