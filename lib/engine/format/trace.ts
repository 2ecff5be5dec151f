// Trace and lint formatters, one file per format (as netpol-analyzer's conns_formatter_*).

import type { LintResult, TraceResult } from '../types';
import { formatLintJson, formatLintMd, formatLintTxt, lintDocument } from './lint-formats';
import { formatTraceDot } from './trace-dot';
import { formatTraceJson } from './trace-json';
import { formatTraceMermaid } from './trace-mermaid';
import { formatTraceMd } from './trace-md';
import { formatTraceTxt } from './trace-txt';
import { toYaml, whatIfLine } from './whatif';
import { drawnLine, replicasLine } from './replicas-line';

/** Workload traces open with the line over every replica; other traces have none. */
const replicasHead = (r: TraceResult) =>
  r.replicas && r.workload ? `${replicasLine(r.replicas)}\n${drawnLine(r.workload)}\n` : '';

export const TRACE_FORMATS = ['json', 'yaml', 'txt', 'md', 'dot', 'mermaid'] as const;
export type TraceFormat = (typeof TRACE_FORMATS)[number];
/** Lint is a list of findings, not a path: no graph formats. */
export const LINT_FORMATS = ['json', 'yaml', 'txt', 'md'] as const;
export type LintFormat = (typeof LINT_FORMATS)[number];

const TRACE: Readonly<Record<TraceFormat, (r: TraceResult) => string>> = {
  json: formatTraceJson,
  yaml: (r) => toYaml(r),
  txt: (r) => replicasHead(r) + whatIfLine(r.whatIf) + formatTraceTxt(r),
  md: (r) =>
    (r.replicas ? `${replicasHead(r)}\n` : '') +
    (r.whatIf ? `${whatIfLine(r.whatIf)}\n` : '') +
    formatTraceMd(r),
  dot: formatTraceDot,
  mermaid: formatTraceMermaid,
};
const LINT: Readonly<Record<LintFormat, (r: LintResult) => string>> = {
  json: formatLintJson,
  yaml: (r) => toYaml(lintDocument(r)),
  txt: (r) => whatIfLine(r.whatIf) + formatLintTxt(r),
  md: (r) => (r.whatIf ? `${whatIfLine(r.whatIf)}\n` : '') + formatLintMd(r),
};

/**
 * Renders a trace result as JSON (the contract object), YAML (the same object), 80-column
 * text, Markdown, or the path as a Graphviz DOT or Mermaid flowchart graph.
 */
export function formatTrace(result: TraceResult, format: TraceFormat): string {
  return TRACE[format](result);
}

/** Renders a lint result as JSON, YAML, text or Markdown. */
export function formatLint(result: LintResult, format: LintFormat): string {
  return LINT[format](result);
}
