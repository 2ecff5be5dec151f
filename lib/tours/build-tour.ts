// A tour over a trace: an intro, one step per hop in packet order (the culprit hop's fix on
// the step after it), and a summary.

import type { Finding, Hop, TraceResult } from '../engine/types';
import { factLabel, innerMtuNote } from '../engine/trace/fact-words';
import { hopPlace } from '../engine/trace/hop-place';
import { lessonFor } from './lessons';
import type { Tour, TourIntro, TourStep } from './types';

/** Facts about one hop in this trace, compared with the hop before it. */
function factsHere(hop: Hop, previous: Hop | undefined, size: number | undefined): string[] {
  const here: string[] = [];
  here.push(hop.node ? `On node ${hop.node}.` : 'Outside the cluster nodes.');
  if (hop.src || hop.dst) here.push(`Packet: ${hop.src ?? '?'} → ${hop.dst ?? '?'}.`);
  if (previous?.dst && hop.dst && previous.dst !== hop.dst)
    here.push(`The destination was rewritten: ${previous.dst} → ${hop.dst}.`);
  if (previous?.src && hop.src && previous.src !== hop.src)
    here.push(`The source was rewritten: ${previous.src} → ${hop.src}.`);
  if (hop.mtu !== undefined) {
    const fit =
      size === undefined
        ? ''
        : size > hop.mtu
          ? ` The ${size}-byte packet does not fit.`
          : ` The ${size}-byte packet fits.`;
    here.push(`Largest packet this hop carries: ${hop.mtu} bytes.${fit}`);
  }
  for (const [key, value] of Object.entries(hop.facts ?? {})) here.push(`${factLabel(key)}: ${value}`);
  const mtuNote = innerMtuNote(hop);
  if (mtuNote) here.push(mtuNote);
  return here;
}

function verdictSentence(trace: TraceResult): string {
  switch (trace.verdict) {
    case 'delivered':
      return 'The packet is delivered and nothing on the path needs attention.';
    case 'degraded':
      return 'The packet is delivered, but something on the path needs attention.';
    case 'dropped': {
      const drop = trace.hops.find((h) => h.verdict === 'drop');
      return drop ? `The packet is dropped at ${hopPlace(drop)}.` : 'The packet is dropped.';
    }
    default: {
      const never: never = trace.verdict;
      return String(never);
    }
  }
}

/**
 * The hop whose step tells the cause: where the packet is dropped, else the first hop
 * with a warning verdict or an error or warning finding (the trace view's culprit rule,
 * components/trace/path-graph.ts culpritHop, which lib cannot import).
 */
function culpritIndex(trace: TraceResult): number {
  const drop = trace.hops.findIndex((h) => h.verdict === 'drop');
  if (drop >= 0) return drop;
  const flagged = new Set(
    trace.findings.filter((f) => f.hop && f.severity !== 'info').map((f) => f.hop as string),
  );
  const error = trace.hops.findIndex((h) =>
    trace.findings.some((f) => f.hop === h.id && f.severity === 'error'),
  );
  if (error >= 0) return error;
  return trace.hops.findIndex((h) => h.verdict === 'warn' || flagged.has(h.id));
}

/**
 * Builds the tour steps for `trace`: the hops in order with their findings, except the
 * culprit hop's warnings and errors, which get a step of their own right after it.
 */
export function buildTour(trace: TraceResult, intro: TourIntro): Tour {
  const culprit = culpritIndex(trace);
  const reveal = intro.reveal ?? [];
  const findingsAt = new Map<string, Finding[]>();
  for (const f of trace.findings) if (f.hop) findingsAt.set(f.hop, [...(findingsAt.get(f.hop) ?? []), f]);
  // Without an explicit size the packet is as large as the source interface allows.
  const size = trace.query?.size ?? trace.hops.find((h) => h.mtu !== undefined)?.mtu;
  // With no culprit nothing is spoiled: the whole story opens the tour.
  const steps: TourStep[] = [
    {
      type: 'intro',
      title: intro.title,
      paragraphs: culprit < 0 ? [...intro.paragraphs, ...reveal] : intro.paragraphs,
    },
  ];
  trace.hops.forEach((hop, i) => {
    const lesson = lessonFor(hop.kind);
    const findings = findingsAt.get(hop.id) ?? [];
    // The cause and its fix do not fit one screen together: the fix is the next step.
    const fixNext = i === culprit && findings.some((f) => f.severity !== 'info');
    steps.push({
      type: 'hop',
      // The hop kind is the line under the title (Hop 6 · Encapsulation), not said twice.
      title: hop.label,
      hop,
      position: i + 1,
      lesson,
      here: factsHere(hop, trace.hops[i - 1], size),
      findings: fixNext ? [] : findings,
      ...(i === culprit && reveal.length ? { reveal } : {}),
      ...(fixNext ? { fixNext } : {}),
    });
    if (fixNext)
      steps.push({ type: 'fix', title: `What to do at ${hopPlace(hop)}`, hop, position: i + 1, findings });
  });
  const paragraphs = [verdictSentence(trace), ...(trace.summary ? [trace.summary] : [])];
  if (trace.findings.length === 0) paragraphs.push('No findings on this path.');
  steps.push({
    type: 'summary',
    title: 'What we saw',
    verdict: trace.verdict,
    paragraphs,
    findings: trace.findings,
  });
  return { steps, trace };
}

/** A 1-based step number from the URL, clamped to the tour (bad input → step 1). */
export function clampStep(raw: string | undefined, total: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  if (!Number.isFinite(n) || n < 1) return 1;
  return Math.min(n, Math.max(total, 1));
}
