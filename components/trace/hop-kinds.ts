// How each hop kind is named and marked on the canvas (a lookup table, not a switch).
import type { HopKind } from 'lib/engine/types';

export const HOP_KINDS: Readonly<Record<HopKind, { title: string; glyph: string }>> = {
  client: { title: 'Client', glyph: '◎' },
  'load-balancer': { title: 'Load balancer', glyph: '⇶' },
  'node-port': { title: 'NodePort', glyph: '⊡' },
  ingress: { title: 'Ingress', glyph: '⇥' },
  gateway: { title: 'Gateway', glyph: '⊞' },
  service: { title: 'Service', glyph: '◇' },
  'policy-egress': { title: 'Egress policy', glyph: '⊘' },
  'pod-eth0': { title: 'Pod eth0', glyph: '▢' },
  veth: { title: 'veth', glyph: '⇄' },
  node: { title: 'Node routing', glyph: '⌂' },
  encap: { title: 'Encap', glyph: '⊕' },
  routed: { title: 'Routed', glyph: '↝' },
  underlay: { title: 'Underlay', glyph: '═' },
  decap: { title: 'Decap', glyph: '⊖' },
  'policy-ingress': { title: 'Ingress policy', glyph: '⊘' },
  snat: { title: 'SNAT', glyph: '⇆' },
  endpoint: { title: 'Endpoint', glyph: '◉' },
  external: { title: 'External', glyph: '☁' },
};

export const HOP_KIND_LIST = Object.keys(HOP_KINDS) as HopKind[];
