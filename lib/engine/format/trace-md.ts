// Markdown for an incident ticket: verdict, query, hop table, then each finding with
// evidence, fix and verify commands in code blocks.

import type { Finding, Hop, TraceResult } from '../types';
import { HOP_MARK, VERDICT_MARK } from './text-wrap';
import { escapeHtml, findingMd } from './finding-md';

function cell(text: string): string {
  return escapeHtml(text).replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function hopRow(h: Hop): string {
  const addr = h.src || h.dst ? `${h.src ?? '?'} → ${h.dst ?? '?'}` : '';
  const branches = (h.branches ?? [])
    .map((b) => `${b.chosen ? '**→** ' : ''}${Math.round(b.share * 1000) / 10}% ${b.label}`)
    .join('<br>');
  const verdict =
    h.reached === false ? `· not reached (${h.verdict})` : `${HOP_MARK[h.verdict]} ${h.verdict}`;
  return `| ${h.id} | ${verdict} | ${h.kind} | ${cell(h.label)}${branches ? `<br>${cell(branches)}` : ''} | ${cell(h.node ?? '')} | ${h.mtu ?? ''} | ${cell(addr)} | ${h.findings.map((c) => `\`${c}\``).join(' ')} |`;
}

export function formatTraceMd(result: TraceResult): string {
  const q = result.query;
  const lines: string[] = [
    `## packetpath trace: ${VERDICT_MARK[result.verdict]}`,
    '',
    `**${escapeHtml(result.summary ?? result.verdict)}**`,
    '',
  ];
  if (q) {
    const headers = Object.entries(q.headers ?? {}).map(([k, v]) => `\`${k}: ${v}\``);
    lines.push(
      `From \`${q.from}\` to \`${q.to}\` · ${q.protocol ?? 'TCP'}${q.port !== undefined ? ` ${q.port}` : ''}${q.size ? ` · size ${q.size} B` : ''}${q.method ? ` · ${q.method}` : ''}${headers.length ? ` · headers ${headers.join(', ')}` : ''}`,
      '',
    );
  }
  lines.push(
    '| # | verdict | kind | hop | node | MTU | src → dst | findings |',
    '|---|---|---|---|---|---|---|---|',
  );
  for (const h of result.hops) lines.push(hopRow(h));
  const checks = result.hops.filter((h) => h.verify?.length && h.reached !== false);
  if (checks.length) {
    // Each command carries where it runs (kubectl debug node/NAME, kubectl exec), so it pastes as is.
    lines.push('', '**Data-plane checks**', '', '```sh');
    for (const h of checks) lines.push(`# ${h.id} ${h.kind}${h.node ? ` on ${h.node}` : ''}`, ...h.verify!);
    lines.push('```');
  }
  lines.push('', `### Findings (${result.findings.length})`, '');
  if (result.findings.length === 0) lines.push('None.', '');
  const hops = new Map(result.hops.map((h) => [h.id, h]));
  for (const f of result.findings) lines.push(...findingMd(f, where(f, hops)));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}

function where(f: Finding, hops: ReadonlyMap<string, Hop>): string {
  const hop = f.hop ? hops.get(f.hop) : undefined;
  return hop ? `${hop.id} ${hop.kind}${hop.node ? ` on ${hop.node}` : ''}` : '';
}
