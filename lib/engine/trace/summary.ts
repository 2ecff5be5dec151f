// The trace verdict and its one-sentence summary: the hop, the cause, the numbers.

import type { Finding, Hop, TraceVerdict } from '../types';
import { severityRank } from '../findings/catalogue';
import { hopPlace } from './hop-place';

export function traceVerdict(hops: readonly Hop[], findings: readonly Finding[]): TraceVerdict {
  if (hops.some((h) => h.verdict === 'drop')) return 'dropped';
  if (findings.some((f) => f.severity === 'error' || f.severity === 'warning')) return 'degraded';
  return 'delivered';
}

function causeOf(f: Finding | undefined, numbers?: ReadonlyMap<Finding, string>): string {
  if (!f) return 'see the hop';
  const cause = numbers?.get(f);
  if (cause) return cause;
  const title = /^[A-Z][a-z]/.test(f.title)
    ? `${f.title.charAt(0).toLowerCase()}${f.title.slice(1)}`
    : f.title;
  return `${title} (${f.code})`;
}

/** "dropped at the VXLAN encapsulation on worker-1: 1500-byte packet + 50 B VXLAN > 1500 underlay MTU" */
export function summarize(
  verdict: TraceVerdict,
  hops: readonly Hop[],
  findings: readonly Finding[],
  causes: ReadonlyMap<string, string>,
  numbers?: ReadonlyMap<Finding, string>,
): string {
  const last = hops[hops.length - 1];
  if (verdict === 'dropped') {
    const hop = hops.find((h) => h.verdict === 'drop')!;
    const f = findings
      .filter((x) => x.hop === hop.id)
      .sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
    return `dropped at ${hopPlace(hop)}: ${causes.get(hop.id) ?? causeOf(f, numbers)}`;
  }
  const worst = [...findings].sort((a, b) => severityRank(a.severity) - severityRank(b.severity))[0];
  if (verdict === 'degraded' && worst) {
    const hop = hops.find((h) => h.id === worst.hop);
    const others = findings.filter((f) => f.severity !== 'info').length - 1;
    return `delivered to ${last?.label ?? 'the destination'} but degraded at ${hop ? hopPlace(hop) : 'the path'}: ${causeOf(worst, numbers)}${others > 0 ? ` (+${others} more)` : ''}`;
  }
  return `delivered to ${last?.label ?? 'the destination'} in ${hops.length} hops`;
}
