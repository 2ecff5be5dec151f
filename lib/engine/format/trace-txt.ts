// Plain text for an 80-column terminal: verdict sentence, hop list, findings with
// evidence, fix and verify commands. Severity is a symbol and a word.

import type { Finding, Hop, TraceResult } from '../types';
import { HOP_MARK, VERDICT_MARK, evidenceText, wrap } from './text-wrap';
import { findingLines } from './finding-txt';

function queryLine(result: TraceResult): string[] {
  const q = result.query;
  if (!q) return [];
  const parts = [`from ${q.from}`, `to ${q.to}`, `${q.protocol ?? 'TCP'}${q.port !== undefined ? ` ${q.port}` : ''}`, ...(q.size ? [`size ${q.size}`] : [])];
  return wrap(parts.join('  '), '  ', undefined, '');
}

function hopLines(hop: Hop): string[] {
  const lines = wrap(hop.label, ' '.repeat(22), undefined, `${hop.id.padEnd(4)}${HOP_MARK[hop.verdict]} ${hop.kind.padEnd(15)} `);
  const meta = [hop.node ? `node ${hop.node}` : '', hop.mtu !== undefined ? `mtu ${hop.mtu}` : '', hop.src || hop.dst ? `${hop.src ?? '?'} → ${hop.dst ?? '?'}` : ''].filter(Boolean).join('  ');
  if (meta) lines.push(...wrap(meta, ' '.repeat(22), undefined, ' '.repeat(22)));
  for (const b of hop.branches ?? []) {
    lines.push(...wrap(`${b.chosen ? '→' : ' '} ${Math.round(b.share * 1000) / 10}% ${b.label}${b.address ? ` ${b.address}` : ''}${b.node ? ` (${b.node})` : ''}${b.note ? ` — ${b.note}` : ''}`, ' '.repeat(24), undefined, ' '.repeat(22)));
  }
  if (hop.findings.length) lines.push(...wrap(`findings: ${hop.findings.join(', ')}`, ' '.repeat(22), undefined, ' '.repeat(22)));
  return lines;
}

export function formatTraceTxt(result: TraceResult): string {
  const lines: string[] = [];
  lines.push(...wrap(result.summary ?? result.verdict, ' '.repeat(VERDICT_MARK[result.verdict].length + 2), undefined, `${VERDICT_MARK[result.verdict]}  `));
  lines.push(...queryLine(result));
  lines.push('', `HOPS (${result.hops.length})`);
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
