// The trace API's answer text, the same in the main thread and in a worker thread
// (trace-answer.ts chooses where). Kept apart from trace-answer.ts so a worker thread
// loads only the engine for it, not the server runtime.
//
// Answers are remembered per model: a trace is a pure function of the model and the query
// (lib/engine is deterministic), so the same question of the same model answers the same
// text, and under load most questions repeat (the picker's suggestions, shared links,
// refreshes). The memo hangs off the model object (a WeakMap), so it lives exactly as long as
// the model stays cached and a rebuilt or replaced model starts empty.

import { LRUCache } from 'lru-cache';
import { formatTrace, traceRoute } from '../engine';
import type { ClusterModel } from '../model/types';
import type { TraceQuery } from '../model/trace-query';

export interface TraceTask {
  readonly source: string;
  readonly query: TraceQuery;
  readonly replica?: string;
}

/** Per model: at most this many answers and this many characters of them. */
const MEMO_ENTRIES = 2_000;
const MEMO_CHARS = 16 * 1024 * 1024;

const memos = new WeakMap<ClusterModel, LRUCache<string, string>>();

function memoOf(model: ClusterModel): LRUCache<string, string> {
  let memo = memos.get(model);
  if (!memo) {
    memo = new LRUCache<string, string>({
      max: MEMO_ENTRIES,
      maxSize: MEMO_CHARS,
      sizeCalculation: (text) => Math.max(1, text.length),
    });
    memos.set(model, memo);
  }
  return memo;
}

/** The CLI's JSON formatter, so the API answer is exactly `packetpath trace --format json`. */
export function traceText(model: ClusterModel, query: TraceQuery, replica?: string): string {
  const key = JSON.stringify([query, replica ?? null]);
  const memo = memoOf(model);
  const known = memo.get(key);
  if (known !== undefined) return known;
  const text = formatTrace(traceRoute(model, query, replica ? { replica } : {}), 'json');
  memo.set(key, text);
  return text;
}

/** How many answers are remembered for `model` (for tests). */
export function rememberedTraces(model: ClusterModel): number {
  return memos.get(model)?.size ?? 0;
}
