// Trace and lint formatters, one file per format (as netpol-analyzer's conns_formatter_*).

import type { LintResult, TraceResult } from '../types';
import { formatLintJson, formatLintMd, formatLintTxt } from './lint-formats';
import { formatTraceJson } from './trace-json';
import { formatTraceMd } from './trace-md';
import { formatTraceTxt } from './trace-txt';

export type TraceFormat = 'json' | 'txt' | 'md';
export const TRACE_FORMATS: readonly TraceFormat[] = ['json', 'txt', 'md'];

const TRACE: Readonly<Record<TraceFormat, (r: TraceResult) => string>> = { json: formatTraceJson, txt: formatTraceTxt, md: formatTraceMd };
const LINT: Readonly<Record<TraceFormat, (r: LintResult) => string>> = { json: formatLintJson, txt: formatLintTxt, md: formatLintMd };

/** Renders a trace result as JSON (the contract object), 80-column text, or Markdown. */
export function formatTrace(result: TraceResult, format: TraceFormat): string {
  return TRACE[format](result);
}

/** Renders a lint result in the same three formats. */
export function formatLint(result: LintResult, format: TraceFormat): string {
  return LINT[format](result);
}
