import type { ReachResult } from '../types';

// A pipe inside a cell would end it; backslash-escape it (GitHub and CommonMark tables).
const cell = (text: string) => text.replace(/\\/g, '\\\\').replace(/\|/g, '\\|');

/** A Markdown table `| from | to | connections |`, one row per pair. */
export function formatReachMd(result: ReachResult): string {
  const rows = result.pairs.map((p) => `| ${cell(p.from)} | ${cell(p.to)} | ${cell(p.conn)} |`);
  return ['| from | to | connections |', '|------|----|-------------|', ...rows].join('\n') + '\n';
}
