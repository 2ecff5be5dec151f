// Lint output: `{"findings": [...]}` as JSON, or findings grouped by severity as text/Markdown.

import type { LintResult } from '../types';
import { findingMd } from './finding-md';
import { findingLines } from './finding-txt';

function counts(r: LintResult): string {
  const n = (s: string) => r.findings.filter((f) => f.severity === s).length;
  return `${n('error')} error(s), ${n('warning')} warning(s), ${n('info')} info`;
}

/** The contract object `{"findings": [...]}`, with `whatIf` when the lint ran on one. */
export function lintDocument(r: LintResult): LintResult {
  return { findings: r.findings, ...(r.whatIf ? { whatIf: r.whatIf } : {}) };
}

export function formatLintJson(r: LintResult): string {
  return `${JSON.stringify(lintDocument(r), null, 2)}\n`;
}

export function formatLintTxt(r: LintResult): string {
  const lines = [`packetpath lint: ${counts(r)}`];
  for (const f of r.findings) lines.push('', ...findingLines(f, ''));
  return `${lines.join('\n')}\n`;
}

export function formatLintMd(r: LintResult): string {
  const lines = ['## packetpath lint', '', counts(r), ''];
  if (r.findings.length) {
    lines.push('| severity | code | title |', '|---|---|---|');
    for (const f of r.findings)
      lines.push(`| ${f.severity} | \`${f.code}\` | ${f.title.replace(/\|/g, '\\|')} |`);
    lines.push('');
  }
  for (const f of r.findings) lines.push(...findingMd(f, ''));
  return `${lines.join('\n').replace(/\n+$/, '')}\n`;
}
