// Sentences shown to people name places in words, never by hop kind or hop id: the verdict
// summary says "dropped at the VXLAN encapsulation on worker-1", not "at encap"; fact labels
// are in sentence case; the inner MTU and the pod MTU are explained once, at the hop that
// has both. The numbers in the MTU note follow the encapsulation overheads the hop states
// (VXLAN adds 50 B over IPv4: https://docs.tigera.io/calico/latest/networking/configuring/mtu).

import { describe, expect, it } from 'vitest';
import { loadModel } from '../../ingest';
import { getScenario, scenarioSnapshot, scenarios } from '../../scenarios';
import type { HopKind, TraceResult } from '../types';
import { factLabel, innerMtuNote } from './fact-words';
import { HOP_KIND_PHRASE, hopPlace } from './hop-place';
import { traceRoute } from './trace-route';

const KINDS = Object.keys(HOP_KIND_PHRASE) as HopKind[];
/** A hop kind or hop id used as a word: "at encap", "at policy-egress", "h6". */
const INTERNAL = new RegExp(`\\b(?:at|of) (?:${KINDS.join('|')})(?![\\w/-])|\\bh\\d+\\b`);

function traceOf(slug: string, index = 0): TraceResult {
  const scenario = getScenario(slug)!;
  const { label: _label, ...query } = scenario.queries[index]!;
  return traceRoute(loadModel(scenarioSnapshot(scenario)), query);
}

/** Every trace every built-in scenario tells. */
const allTraces: Array<{ name: string; trace: TraceResult }> = scenarios.flatMap((s) => {
  const model = loadModel(scenarioSnapshot(s));
  return s.queries.map(({ label: _label, ...query }, i) => ({
    name: `${s.slug}#${i}`,
    trace: traceRoute(model, query),
  }));
});

describe('the verdict summary', () => {
  it('names the dropping hop in words', () => {
    expect(traceOf('vxlan-mtu-blackhole').summary).toBe(
      'dropped at the VXLAN encapsulation on worker-1: 1500-byte packet + 50 B VXLAN > 1500 underlay MTU',
    );
    expect(traceOf('default-deny-breaks-dns').summary).toMatch(
      /^dropped at the egress policy of shop\/web-[a-z0-9]+-[a-z0-9]+: no egress rule of NetworkPolicy shop\/default-deny-all/,
    );
    expect(traceOf('named-port-mismatch').summary).toMatch(
      /^dropped at the Service translation on worker-1: /,
    );
  });

  it.each(allTraces.map((t) => [t.name, t.trace] as const))(
    '%s has no hop kind or id in its summary',
    (_, t) => {
      expect(t.summary ?? '').not.toMatch(INTERNAL);
    },
  );
});

describe('hopPlace', () => {
  it('adds the node where the phrase does not name it', () => {
    expect(hopPlace({ kind: 'snat', label: 'SNAT to 10.244.3.64 (vxlan.calico)', node: 'worker-3' })).toBe(
      'the source NAT on worker-3',
    );
    expect(hopPlace({ kind: 'policy-ingress', label: 'ingress policy of shop/db-0', node: 'worker-2' })).toBe(
      'the ingress policy of shop/db-0',
    );
    expect(hopPlace({ kind: 'underlay', label: 'node network worker-1 → worker-2' })).toBe(
      'the node network worker-1 → worker-2',
    );
    expect(hopPlace({ kind: 'load-balancer', label: 'MetalLB L2 192.168.1.240' })).toBe('the load balancer');
  });
});

describe('fact labels', () => {
  it('are in sentence case, and names keep their spelling', () => {
    expect(factLabel('pod IP')).toBe('Pod IP');
    expect(factLabel('inner MTU')).toBe('Inner MTU');
    expect(factLabel('dst before')).toBe('Destination before');
    expect(factLabel('MTU')).toBe('MTU');
    for (const name of ['externalTrafficPolicy', 'ipBlock matches pod IPs', 'kube-proxy', 'worker-1 MTU'])
      expect(factLabel(name)).toBe(name);
  });

  it('never start with a lower-case word on any hop of any scenario', () => {
    const keys = new Set(
      allTraces.flatMap(({ trace }) => trace.hops.flatMap((h) => Object.keys(h.facts ?? {}))),
    );
    const lower = [...keys].map(factLabel).filter((l) => /^[a-z]+(?: |$)/.test(l));
    expect(lower).toEqual([]);
  });
});

describe('the inner MTU note', () => {
  it('explains inner against pod MTU once, at the encapsulation hop, with its numbers', () => {
    const trace = traceOf('vxlan-mtu-blackhole');
    const notes = trace.hops.map((h) => [h.kind, innerMtuNote(h)] as const).filter(([, n]) => n);
    expect(notes.map(([kind]) => kind)).toEqual(['encap']);
    expect(notes[0]![1]).toBe(
      'Inner MTU is the largest packet that fits inside VXLAN: the underlay MTU minus the 50 B of outer VXLAN headers. Pod MTU is the largest packet the pods send. Here the pods send up to 1500 bytes but only 1450 fit: full-size packets are dropped at this hop while small ones pass.',
    );
  });

  it('says the packets fit once the pod MTU is lowered', () => {
    const encap = traceOf('vxlan-mtu-fixed').hops.find((h) => h.kind === 'encap')!;
    expect(innerMtuNote(encap)).toMatch(/Here the pods send at most 1450 bytes, which fits\.$/);
  });
});
