// Reach as CSV (`-o csv`): a header row `src,dst,conn` as np-guard netpol-analyzer's csv
// output has it, then one row per pair; RFC 4180 quoting (connection sets hold commas).

import { stringify } from 'csv-stringify/sync';
import type { ReachResult } from '../types';

export function formatReachCsv(result: ReachResult): string {
  return stringify(
    result.pairs.map((p) => [p.from, p.to, p.conn]),
    { header: true, columns: ['src', 'dst', 'conn'], record_delimiter: 'unix' },
  );
}
