// One finding as terminal text (shared by trace and lint output).

import type { Finding } from '../types';
import { SEVERITY_MARK, evidenceText, wrap } from './text-wrap';

export function findingLines(f: Finding, where: string): string[] {
  const lines: string[] = [];
  lines.push(
    ...wrap(`${f.code}${where ? ` at ${where}` : ''}`, '    ', undefined, `${SEVERITY_MARK[f.severity]}  `),
  );
  lines.push(...wrap(f.title, '  ', undefined, '  '));
  lines.push(...wrap(f.detail, '  ', undefined, '  '));
  if (f.evidence.length) {
    lines.push('  evidence:');
    for (const e of f.evidence) lines.push(...wrap(evidenceText(e), '      ', undefined, '    - '));
  }
  lines.push('  fix:');
  // A fix is one line of prose, then (optionally) commands or a manifest: those stay
  // verbatim, never wrapped, so they paste.
  const [prose = '', ...code] = f.fix.split('\n');
  lines.push(...wrap(prose, '    ', undefined, '    '), ...code.map((l) => `    ${l}`));
  if (f.verify.length) {
    lines.push('  verify:');
    for (const v of f.verify) lines.push(`    $ ${v}`);
  }
  return lines;
}
