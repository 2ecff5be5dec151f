// The what-if notice every text format starts with, and the reach diff in every format.

import { stringify } from 'yaml';
import type { WhatIfSummary } from '../types';
import type { ReachDiff } from '../whatif/diff';

/** `what-if: applied NetworkPolicy shop/allow-dns; removed NetworkPolicy shop/deny` (empty parts left out). */
export function whatIfLine(w: WhatIfSummary | undefined): string {
  if (!w) return '';
  const parts = [
    w.applied.length ? `applied ${w.applied.join(', ')}` : '',
    w.removed.length ? `removed ${w.removed.join(', ')}` : '',
  ].filter(Boolean);
  return `what-if: ${parts.join('; ')}\n`;
}

/** YAML of a result document: the JSON object, block style, no line folding. */
export function toYaml(document: unknown): string {
  return stringify(document, { lineWidth: 0 });
}

export const REACH_DIFF_FORMATS = ['json', 'yaml', 'txt', 'md'] as const;
export type ReachDiffFormat = (typeof REACH_DIFF_FORMATS)[number];

const cell = (s: string) => s.replace(/\|/g, '\\|');

/** `reach --diff`: `{"added","removed","changed"}`; txt lines start with `+`, `-` or `~`. */
export function formatReachDiff(diff: ReachDiff, format: ReachDiffFormat, whatIf?: WhatIfSummary): string {
  const document = {
    added: diff.added,
    removed: diff.removed,
    changed: diff.changed,
    ...(whatIf ? { whatIf } : {}),
  };
  switch (format) {
    case 'json':
      return `${JSON.stringify(document, null, 2)}\n`;
    case 'yaml':
      return toYaml(document);
    case 'txt':
      return (
        whatIfLine(whatIf) +
        [
          ...diff.added.map((p) => `+ ${p.from} => ${p.to} : ${p.conn}`),
          ...diff.removed.map((p) => `- ${p.from} => ${p.to} : ${p.conn}`),
          ...diff.changed.map((c) => `~ ${c.from} => ${c.to} : ${c.before} -> ${c.after}`),
        ]
          .map((l) => `${l}\n`)
          .join('')
      );
    case 'md': {
      const rows = [
        ...diff.added.map((p) => `| added | ${cell(p.from)} | ${cell(p.to)} | | ${cell(p.conn)} |`),
        ...diff.removed.map((p) => `| removed | ${cell(p.from)} | ${cell(p.to)} | ${cell(p.conn)} | |`),
        ...diff.changed.map(
          (c) => `| changed | ${cell(c.from)} | ${cell(c.to)} | ${cell(c.before)} | ${cell(c.after)} |`,
        ),
      ];
      const head = whatIfLine(whatIf) ? `${whatIfLine(whatIf)}\n` : '';
      if (rows.length === 0) return `${head}No change in reachability.\n`;
      return `${head}| change | from | to | before | after |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
    }
    default: {
      const never: never = format;
      throw new Error(`unknown reach diff format ${String(never)}`);
    }
  }
}
