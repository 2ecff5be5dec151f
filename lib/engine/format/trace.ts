// Trace and lint formatters, one file per format (as netpol-analyzer's conns_formatter_*).

import type { LintResult, TraceResult } from '../types';
import { formatLintJson, formatLintMd, formatLintTxt, lintDocument } from './lint-formats';
import { formatTraceJson } from './trace-json';
import { formatTraceMd } from './trace-md';
import { formatTraceTxt } from './trace-txt';
import { toYaml, whatIfLine } from './whatif';
import { drawnLine, replicasLine } from './replicas-line';

/** Workload traces open with the line over every replica; other traces have none. */
const replicasHead = (r: TraceResult) =>
  r.replicas && r.workload ? `${replicasLine(r.replicas)}\n${drawnLine(r.workload)}\n` : '';

export type TraceFormat = 'json' | 'yaml' | 'txt' | 'md';
export const TRACE_FORMATS: readonly TraceFormat[] = ['json', 'yaml', 'txt', 'md'];

const TRACE: Readonly<Record<TraceFormat, (r: TraceResult) => string>> = {
  json: formatTraceJson,
  yaml: (r) => toYaml(r),
  txt: (r) => replicasHead(r) + whatIfLine(r.whatIf) + formatTraceTxt(r),
  md: (r) =>
    (r.replicas ? `${replicasHead(r)}\n` : '') +
    (r.whatIf ? `${whatIfLine(r.whatIf)}\n` : '') +
    formatTraceMd(r),
};
const LINT: Readonly<Record<TraceFormat, (r: LintResult) => string>> = {
  json: formatLintJson,
  yaml: (r) => toYaml(lintDocument(r)),
  txt: (r) => whatIfLine(r.whatIf) + formatLintTxt(r),
  md: (r) => (r.whatIf ? `${whatIfLine(r.whatIf)}\n` : '') + formatLintMd(r),
};

/** Renders a trace result as JSON (the contract object), YAML (the same object), 80-column text, or Markdown. */
export function formatTrace(result: TraceResult, format: TraceFormat): string {
  return TRACE[format](result);
}

/** Renders a lint result in the same formats. */
export function formatLint(result: LintResult, format: TraceFormat): string {
  return LINT[format](result);
}
