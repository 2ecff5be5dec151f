import { describe, expect, it } from 'vitest';
import type { HopKind, TraceResult } from '../engine/types';
import { buildTour, clampStep, hopsShown, LESSONS, revealedTrace, sourceIntro, splitStory } from './index';

// A Record over HopKind: the compiler fails here when a hop kind is added without listing it.
const ALL_KINDS: Record<HopKind, true> = {
  client: true,
  'load-balancer': true,
  'node-port': true,
  ingress: true,
  gateway: true,
  service: true,
  'policy-egress': true,
  'pod-eth0': true,
  veth: true,
  node: true,
  encap: true,
  routed: true,
  underlay: true,
  decap: true,
  'policy-ingress': true,
  snat: true,
  endpoint: true,
  external: true,
};

describe('lessons', () => {
  it.each(Object.keys(ALL_KINDS) as HopKind[])('%s has a complete lesson', (kind) => {
    const lesson = LESSONS[kind];
    expect(lesson?.kind).toBe(kind);
    expect(lesson.title.length).toBeGreaterThan(3);
    for (const text of [lesson.what, lesson.packet, lesson.wrong]) expect(text.length).toBeGreaterThan(40);
    expect(lesson.commands.length).toBeGreaterThan(0);
  });

  it('has no lesson for a kind that does not exist', () => {
    expect(Object.keys(LESSONS).sort()).toEqual(Object.keys(ALL_KINDS).sort());
  });
});

const trace: TraceResult = {
  verdict: 'dropped',
  query: { from: 'pod:shop/web-0', to: 'svc:shop/db', port: 5432, size: 1500 },
  hops: [
    {
      id: 'h1',
      kind: 'pod-eth0',
      label: 'web eth0',
      node: 'worker-1',
      mtu: 1500,
      src: '192.168.1.5',
      dst: '10.96.0.20',
      verdict: 'pass',
      findings: [],
    },
    {
      id: 'h2',
      kind: 'service',
      label: 'db ClusterIP',
      node: 'worker-1',
      src: '192.168.1.5',
      dst: '192.168.2.7',
      verdict: 'pass',
      findings: [],
    },
    {
      id: 'h3',
      kind: 'encap',
      label: 'VXLAN encapsulation',
      node: 'worker-1',
      mtu: 1450,
      facts: { overlay: 'VXLAN', overhead: '50 B', 'inner MTU': '1450', 'pod MTU': '1500' },
      src: '10.0.0.11',
      dst: '10.0.0.12',
      verdict: 'drop',
      findings: ['MTU_BLACKHOLE'],
    },
  ],
  findings: [
    {
      code: 'MTU_BLACKHOLE',
      severity: 'error',
      hop: 'h3',
      title: '1550 > 1500',
      detail: 'd',
      evidence: [],
      fix: 'set mtu 1450',
      verify: ['tracepath -n 192.168.2.7'],
    },
  ],
};

describe('buildTour', () => {
  const tour = buildTour(trace, sourceIntro('my cluster', trace.query!));

  it('has an intro, one step per hop in packet order, the fix after the culprit hop, and a summary', () => {
    expect(tour.steps.map((s) => s.type)).toEqual(['intro', 'hop', 'hop', 'hop', 'fix', 'summary']);
    expect(tour.steps.flatMap((s) => (s.type === 'hop' ? [s.hop.id] : []))).toEqual(['h1', 'h2', 'h3']);
  });

  it('states NAT and MTU facts of this trace at each hop', () => {
    const [, , service, encap] = tour.steps;
    expect(service?.type === 'hop' && service.here).toContain(
      'The destination was rewritten: 10.96.0.20 → 192.168.2.7.',
    );
    expect(encap?.type === 'hop' && encap.here).toContain(
      'Largest packet this hop carries: 1450 bytes. The 1500-byte packet does not fit.',
    );
  });

  it("moves the culprit hop's findings to a fix step right after it, so neither step is too long", () => {
    const encap = tour.steps[3];
    const fix = tour.steps[4];
    expect(encap?.type === 'hop' && [encap.fixNext, encap.findings]).toEqual([true, []]);
    expect(fix?.type === 'fix' && [fix.hop.id, fix.position, fix.title]).toEqual([
      'h3',
      3,
      'What to do at the VXLAN encapsulation on worker-1',
    ]);
    expect(fix?.type === 'fix' && fix.findings.map((f) => f.code)).toEqual(['MTU_BLACKHOLE']);
    expect(hopsShown(fix!, 3)).toBe(3);
  });

  it('keeps info findings at their hop when no hop is the culprit', () => {
    const info = { ...trace.findings[0]!, severity: 'info' as const };
    const clean = buildTour(
      {
        ...trace,
        verdict: 'delivered',
        findings: [info],
        hops: trace.hops.map((h) => ({ ...h, verdict: 'pass' })),
      },
      sourceIntro('c', trace.query!),
    );
    expect(clean.steps.map((s) => s.type)).not.toContain('fix');
    const encap = clean.steps[3];
    expect(encap?.type === 'hop' && encap.findings).toEqual([info]);
  });

  it('labels facts in sentence case and explains inner against pod MTU once, at the encapsulation', () => {
    const hops = tour.steps.filter((s) => s.type === 'hop');
    const encap = hops.find((s) => s.hop.kind === 'encap')!;
    expect(encap.here).toContain('Inner MTU: 1450');
    expect(encap.here).toContain('Pod MTU: 1500');
    const notes = hops.flatMap((s) => s.here.filter((line) => line.startsWith('Inner MTU is')));
    expect(notes).toEqual([
      'Inner MTU is the largest packet that fits inside VXLAN: the underlay MTU minus the 50 B of outer VXLAN headers. Pod MTU is the largest packet the pods send. Here the pods send up to 1500 bytes but only 1450 fit: full-size packets are dropped at this hop while small ones pass.',
    ]);
  });

  it('names the dropping hop in the summary', () => {
    const summary = tour.steps.at(-1);
    expect(summary?.type === 'summary' && summary.paragraphs[0]).toBe(
      'The packet is dropped at the VXLAN encapsulation on worker-1.',
    );
  });
});

describe('buildTour without a packet size', () => {
  it('checks each hop against the source interface MTU', () => {
    const { size: _size, ...query } = trace.query!;
    const tour = buildTour({ ...trace, query }, sourceIntro('c', query));
    const encap = tour.steps[3];
    expect(encap?.type === 'hop' && encap.here).toContain(
      'Largest packet this hop carries: 1450 bytes. The 1500-byte packet does not fit.',
    );
  });
});

describe('clampStep', () => {
  it('keeps steps inside the tour and turns bad input into step 1', () => {
    expect(clampStep('3', 5)).toBe(3);
    expect(clampStep('99', 5)).toBe(5);
    expect(clampStep('0', 5)).toBe(1);
    expect(clampStep('abc', 5)).toBe(1);
    expect(clampStep(undefined, 5)).toBe(1);
  });
});

describe('the culprit is told when the tour reaches it', () => {
  const intro = {
    title: 'VXLAN black hole',
    paragraphs: ['Large POSTs hang.'],
    reveal: ['The pod MTU is 1500 on a 1500-byte underlay.'],
  };
  const tour = buildTour(trace, intro);

  it('keeps the cause off the intro and tells it at the dropping hop', () => {
    const [first, ...rest] = tour.steps;
    expect(first?.type === 'intro' && first.paragraphs).toEqual(['Large POSTs hang.']);
    const told = rest.filter((s) => s.type === 'hop' && s.reveal).map((s) => s.type === 'hop' && s.hop.id);
    expect(told).toEqual(['h3']);
  });

  it('opens with the whole story when nothing goes wrong', () => {
    const clean = buildTour(
      {
        ...trace,
        verdict: 'delivered',
        findings: [],
        hops: trace.hops.map((h) => ({ ...h, verdict: 'pass' })),
      },
      intro,
    );
    expect(clean.steps[0]?.type === 'intro' && clean.steps[0].paragraphs).toEqual([
      'Large POSTs hang.',
      'The pod MTU is 1500 on a 1500-byte underlay.',
    ]);
  });

  it('draws hops not yet reached without their verdict or findings', () => {
    expect(hopsShown(tour.steps[0]!, 3)).toBe(0);
    const atStart = revealedTrace(trace, 0);
    expect(atStart.hops.map((h) => h.verdict)).toEqual(['pass', 'pass', 'pass']);
    expect(atStart.findings).toEqual([]);
    const atDrop = revealedTrace(trace, hopsShown(tour.steps[3]!, 3));
    expect(atDrop).toBe(trace);
    expect(hopsShown(tour.steps.at(-1)!, 3)).toBe(3);
  });
});

describe('splitStory', () => {
  it('parts the symptom from the cause at the first sentence end, not inside an address', () => {
    expect(
      splitStory(
        'The partner rejects 10.0.0.11 and 10.0.0.12. flanneld runs with --ip-masq, so it masquerades.',
      ),
    ).toEqual({
      symptom: 'The partner rejects 10.0.0.11 and 10.0.0.12.',
      cause: 'flanneld runs with --ip-masq, so it masquerades.',
    });
    expect(splitStory('One sentence only.')).toEqual({ symptom: 'One sentence only.', cause: '' });
  });
});
