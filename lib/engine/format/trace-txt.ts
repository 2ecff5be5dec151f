// Plain text for an 80-column terminal: verdict sentence, hop list, findings with
// evidence, fix and verify commands. Severity is a symbol and a word.

import type { Finding, Hop, TraceResult } from '../types';
import { HOP_MARK, VERDICT_MARK, evidenceText, wrap } from './text-wrap';
import { findingLines } from './finding-txt';

function queryLine(result: TraceResult): string[] {
  const q = result.query;
  if (!q) return [];
  const parts = [
    `from ${q.from}`,
    `to ${q.to}`,
    `${q.protocol ?? 'TCP'}${q.port !== undefined ? ` ${q.port}` : ''}`,
    ...(q.size ? [`size ${q.size}`] : []),
  ];
  const headers = Object.entries(q.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  const request =
    q.method || headers.length
      ? [`request ${q.method ?? 'GET'}${headers.length ? ` with ${headers.join('; ')}` : ''}`]
      : [];
  return [
    ...wrap(parts.join('  '), '  ', undefined, ''),
    ...request.flatMap((r) => wrap(r, '  ', undefined, '')),
  ];
}

const PAD = ' '.repeat(22);

/** Hop facts worth a line in a terminal (the rest is in the JSON and the dashboard). */
const TXT_FACTS = [
  'rule',
  'would match',
  'local endpoints',
  'chain',
  'verdict map',
  'virtual server',
  'calico tiers',
] as const;

function hopLines(hop: Hop): string[] {
  // A hop after the drop is drawn for context: its mark says so, not its own verdict.
  const mark = hop.reached === false ? '·' : HOP_MARK[hop.verdict];
  const label = hop.reached === false ? `${hop.label} (not reached)` : hop.label;
  const lines = wrap(label, PAD, undefined, `${hop.id.padEnd(4)}${mark} ${hop.kind.padEnd(15)} `);
  const meta = [
    hop.node ? `node ${hop.node}` : '',
    hop.mtu !== undefined ? `mtu ${hop.mtu}` : '',
    hop.src || hop.dst ? `${hop.src ?? '?'} → ${hop.dst ?? '?'}` : '',
  ]
    .filter(Boolean)
    .join('  ');
  if (meta) lines.push(...wrap(meta, PAD));
  for (const b of hop.branches ?? []) {
    // Share, address and node first; the target (often a long pod name) and the
    // data-plane note on their own lines, so they fit 80 columns.
    const head = [`${Math.round(b.share * 1000) / 10}%`, b.address, b.node ? `on ${b.node}` : '']
      .filter(Boolean)
      .join(' ');
    lines.push(...wrap(head, `${PAD}  `, undefined, `${PAD}${b.chosen ? '→' : '·'} `));
    lines.push(...wrap(b.label, `${PAD}  `));
    if (b.note) lines.push(...wrap(b.note, `${PAD}  `));
  }
  for (const key of TXT_FACTS) {
    const value = hop.facts?.[key];
    if (value) lines.push(...wrap(`${key}: ${value}`, `${PAD}  `, undefined, PAD));
  }
  if (hop.findings.length) lines.push(...wrap(`findings: ${hop.findings.join(', ')}`, PAD));
  // Commands stay verbatim so they paste.
  for (const v of hop.verify ?? []) lines.push(`${PAD}$ ${v}`);
  return lines;
}

export function formatTraceTxt(result: TraceResult): string {
  const lines: string[] = [];
  lines.push(
    ...wrap(
      result.summary ?? result.verdict,
      ' '.repeat(VERDICT_MARK[result.verdict].length + 2),
      undefined,
      `${VERDICT_MARK[result.verdict]}  `,
    ),
  );
  lines.push(...queryLine(result));
  const unreached = result.hops.filter((h) => h.reached === false).length;
  lines.push(
    '',
    `HOPS (${result.hops.length}${unreached ? `, ${unreached} after the drop not reached` : ''})`,
  );
  for (const hop of result.hops) lines.push(...hopLines(hop));
  lines.push('', `FINDINGS (${result.findings.length})`);
  if (result.findings.length === 0) lines.push('  none');
  const hopById = new Map(result.hops.map((h) => [h.id, h]));
  for (const f of result.findings) lines.push('', ...findingLines(f, where(f, hopById)));
  return `${lines.join('\n')}\n`;
}

function where(f: Finding, hops: ReadonlyMap<string, Hop>): string {
  const hop = f.hop ? hops.get(f.hop) : undefined;
  return hop ? `${hop.id} ${hop.kind}${hop.node ? ` on ${hop.node}` : ''}` : '';
}

export { evidenceText };
