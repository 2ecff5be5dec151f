// Names from a dump are shown inert in the Markdown export: CommonMark passes raw HTML in
// prose through (spec 6.6 "Raw HTML", https://spec.commonmark.org/0.31.2/#raw-html) but not
// in code spans or fenced code blocks (6.1, 4.5), and a right-to-left override (U+202E,
// Unicode UAX #9) in a name would reorder the prose around it.
import { describe, expect, it } from 'vitest';
import type { Finding, Hop, TraceResult } from '../types';
import { formatTraceMd } from './trace-md';

const NODE = 'worker-1<img src=x onerror=alert(1)>\u202eexe.gnp';
const hop: Hop = {
  id: 'h1',
  kind: 'policy-egress',
  label: `policy on ${NODE}`,
  node: NODE,
  verdict: 'drop',
  findings: ['POLICY_EGRESS_DENIED'],
  verify: [`kubectl debug node/${NODE} -- iptables -S`],
};
const finding: Finding = {
  code: 'POLICY_EGRESS_DENIED',
  severity: 'error',
  hop: 'h1',
  title: 'Egress denied by NetworkPolicy',
  detail: `NetworkPolicy shop/deny<script>alert(1)</script>\u202ella selects the pod on ${NODE}`,
  evidence: [],
  fix: 'Allow it.',
  verify: [],
};
const result = {
  verdict: 'dropped',
  summary: `dropped on ${NODE}`,
  hops: [hop],
  findings: [finding],
} as unknown as TraceResult;

/** The Markdown with code blocks and code spans taken out: what a renderer treats as prose. */
const proseOf = (md: string) => md.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');

describe('Markdown export of hostile names', () => {
  it('escapes HTML and shows RTL overrides as code points in every prose line: summary, hop table, finding headings', () => {
    const md = formatTraceMd(result);
    const prose = proseOf(md);
    expect(prose).not.toMatch(/<img|<script/i);
    expect(prose).not.toContain('\u202e');
    expect(prose).toContain('worker-1&lt;img src=x onerror=alert(1)>⟨U+202E⟩exe.gnp');
    // The hop table's node column and the finding heading ("h1 policy-egress on NODE").
    expect(md).toMatch(/\| worker-1&lt;img [^|]*⟨U\+202E⟩exe\.gnp \|/);
    expect(md).toMatch(/^#### .* · h1 policy-egress on worker-1&lt;img/m);
  });

  it('keeps commands in code blocks as they paste', () => {
    expect(formatTraceMd(result)).toContain(`kubectl debug node/${NODE} -- iptables -S`);
  });
});
