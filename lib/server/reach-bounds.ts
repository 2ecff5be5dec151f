// The bounds a reach on user data runs under, in the server and the CLI alike: at most
// PACKETPATH_REACH_MAX_PAIRS pairs (default one million), at most PACKETPATH_REACH_TIMEOUT_MS
// milliseconds (server default 60 s; the CLI has none unless set), and never past
// PACKETPATH_REACH_MAX_HEAP_FRACTION (default 0.8) of the V8 heap limit. Whichever is
// passed first ends the reach with a ReachBoundError naming it.

import { getHeapStatistics } from 'node:v8';
import { DEFAULT_MAX_PAIRS, parseLimit, ReachBoundError, type ReachBounds } from '../engine';

export interface ReachBudget {
  readonly maxPairs: number;
  /** Milliseconds, or undefined for no time bound. */
  readonly timeoutMs?: number;
  /** Bytes of used V8 heap past which the reach stops. */
  readonly maxHeapBytes: number;
}

export function reachBudget(
  env: Readonly<Record<string, string | undefined>> = process.env,
  defaults: { readonly timeoutMs?: number } = {},
): ReachBudget {
  const maxPairs =
    parseLimit('PACKETPATH_REACH_MAX_PAIRS', env.PACKETPATH_REACH_MAX_PAIRS) ?? DEFAULT_MAX_PAIRS;
  const timeoutMs =
    parseLimit('PACKETPATH_REACH_TIMEOUT_MS', env.PACKETPATH_REACH_TIMEOUT_MS) ?? defaults.timeoutMs;
  const fractionText = env.PACKETPATH_REACH_MAX_HEAP_FRACTION;
  const fraction = fractionText === undefined || fractionText.trim() === '' ? 0.8 : Number(fractionText);
  if (!(fraction > 0 && fraction <= 1))
    throw new RangeError(
      `PACKETPATH_REACH_MAX_HEAP_FRACTION: expected a number in (0, 1], got "${fractionText}"`,
    );
  return {
    maxPairs,
    ...(timeoutMs === undefined ? {} : { timeoutMs }),
    maxHeapBytes: Math.floor(getHeapStatistics().heap_size_limit * fraction),
  };
}

const MiB = 1024 * 1024;

/** The engine's bounds for one reach started now: the pair limit, and a checkpoint on time and heap. */
export function reachBounds(budget: ReachBudget, now: () => number = Date.now): ReachBounds {
  const deadline = budget.timeoutMs === undefined ? Infinity : now() + budget.timeoutMs;
  return {
    maxPairs: budget.maxPairs,
    checkpoint() {
      if (now() > deadline)
        throw new ReachBoundError(
          'time',
          budget.timeoutMs!,
          `reach took longer than ${budget.timeoutMs} ms, the limit of one computation; narrow it to a namespace`,
        );
      const used = getHeapStatistics().used_heap_size;
      if (used > budget.maxHeapBytes)
        throw new ReachBoundError(
          'memory',
          budget.maxHeapBytes,
          `reach needs more memory than ${Math.round(budget.maxHeapBytes / MiB)} MiB of heap, the limit of one computation; narrow it to a namespace`,
        );
    },
  };
}
