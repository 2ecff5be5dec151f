// The caption a path image carries, so a PNG pasted into a ticket still says what it shows:
// from → to, the verdict and the culprit hop, the source and when it was taken.

import type { TraceResult } from 'lib/engine/types';
import { hopPlace } from 'lib/engine/trace/hop-place';

export interface CaptionInput {
  readonly result: TraceResult;
  /** What the source is called (its title, or its id). */
  readonly source: string;
  readonly at: Date;
}

/** The caption's lines: what was traced, then the verdict, then where from and when. */
export function captionLines({ result, source, at }: CaptionInput): [string, string, string] {
  const q = result.query;
  const path = q ? `${q.from} → ${q.to}${q.port ? ` port ${q.port}` : ''}` : 'trace';
  const culprit =
    result.hops.find((h) => h.verdict === 'drop') ??
    (result.verdict === 'degraded' ? result.hops.find((h) => h.verdict === 'warn') : undefined);
  const verdict = `${result.verdict.toUpperCase()}${culprit ? ` at ${hopPlace(culprit)}` : ''}`;
  const when = `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return [path, verdict, `${source} · ${when}`];
}
