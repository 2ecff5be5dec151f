// Word wrapping and severity marks shared by the txt and md formatters.

import type { Evidence, HopVerdict, Severity, TraceVerdict } from '../types';

export const WIDTH = 80;

/** Severity as a symbol AND a word, so it reads without color. */
export const SEVERITY_MARK: Readonly<Record<Severity, string>> = {
  error: '✖ error',
  warning: '▲ warning',
  info: '● info',
};
export const HOP_MARK: Readonly<Record<HopVerdict, string>> = { pass: '✓', warn: '▲', drop: '✖' };
export const VERDICT_MARK: Readonly<Record<TraceVerdict, string>> = {
  delivered: '✓ DELIVERED',
  degraded: '▲ DEGRADED',
  dropped: '✖ DROPPED',
};

/**
 * Splits a word longer than `room` so it can wrap: after its commas (label lists, CIDR
 * lists), else after "/" and "-" (long object names).
 */
function splitLong(word: string, room: number): string[] {
  if (word.length <= room) return [word];
  // Lists break after commas; names after "/" and then after "-" (a pod name longer than a line).
  const pieces = word.includes(',')
    ? word.split(/(?<=,)/)
    : word.split(/(?<=\/)/).flatMap((p) => (p.length > room ? p.split(/(?<=-)/) : [p]));
  const parts: string[] = [];
  let cur = '';
  for (const piece of pieces) {
    if (cur && cur.length + piece.length > room) {
      parts.push(cur);
      cur = '';
    }
    cur += piece;
  }
  if (cur) parts.push(cur);
  return parts;
}

/** Wraps `text` to `width` columns; every line starts with `indent` (the first with `first`). */
export function wrap(text: string, indent: string, width = WIDTH, first = indent): string[] {
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = out.length === 0 ? first : indent;
    let empty = true;
    const words = para
      .split(/\s+/)
      .filter(Boolean)
      .flatMap((w) => splitLong(w, Math.max(20, width - indent.length)));
    for (const word of words) {
      if (!empty && line.length + 1 + word.length > width) {
        out.push(line);
        line = indent + word;
      } else {
        line += (empty ? '' : ' ') + word;
      }
      empty = false;
    }
    out.push(line);
  }
  return out;
}

export function evidenceText(e: Evidence): string {
  return `${e.kind} ${e.namespace ? `${e.namespace}/` : ''}${e.name} ${e.field} = ${e.value}`;
}
