// One finding as terminal text (shared by trace and lint output).

import type { Finding } from '../types';
import { SEVERITY_MARK, evidenceText, wrap } from './text-wrap';

export function findingLines(f: Finding, where: string): string[] {
  const lines: string[] = [];
  lines.push(...wrap(`${SEVERITY_MARK[f.severity]}  ${f.code}${where ? `  at ${where}` : ''}`, '    ', undefined, ''));
  lines.push(...wrap(f.title, '  ', undefined, '  '));
  lines.push(...wrap(f.detail, '  ', undefined, '  '));
  if (f.evidence.length) {
    lines.push('  evidence:');
    for (const e of f.evidence) lines.push(...wrap(evidenceText(e), '      ', undefined, '    - '));
  }
  lines.push('  fix:');
  // Multi-line fixes are manifests or commands: keep them verbatim so they paste.
  if (f.fix.includes('\n')) lines.push(...f.fix.split('\n').map((l) => `    ${l}`));
  else lines.push(...wrap(f.fix, '    ', undefined, '    '));
  if (f.verify.length) {
    lines.push('  verify:');
    for (const v of f.verify) lines.push(`    $ ${v}`);
  }
  return lines;
}
