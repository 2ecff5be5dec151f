// Bounds on a reach computation. The answer's size grows with the square of the peers
// (a 7,059-pod dump of bare pods with no policy is ~50 million pairs), so an unbounded
// reach on ordinary user data can exhaust any heap. A reach stops with a ReachBoundError
// naming the bound it passed; the front end turns it into its own clear answer (HTTP
// 422/503 JSON, CLI exit 2) instead of the process dying.
//
// The engine stays pure: the pair limit is deterministic, and time and memory are kept by
// the caller, who passes `checkpoint` (called every few thousand steps) and throws from it.

export type ReachBound = 'pairs' | 'time' | 'memory';

export class ReachBoundError extends Error {
  constructor(
    readonly bound: ReachBound,
    /** The limit passed: pairs, milliseconds or bytes. */
    readonly limit: number,
    message: string,
  ) {
    super(message);
    this.name = 'ReachBoundError';
  }
}

export interface ReachBounds {
  /** Most pairs the answer may hold; past it the reach stops. */
  readonly maxPairs: number;
  /** Called every few thousand steps of work; throws (a ReachBoundError) to stop the reach. */
  readonly checkpoint?: () => void;
}

/** One million pairs: ~100 MB of JSON, the most a reach answer is worth reading. */
export const DEFAULT_MAX_PAIRS = 1_000_000;

/** Steps between checkpoints: cheap enough to count, frequent enough to stop within milliseconds. */
const STEPS = 4096;

/** The step counter of one computation. */
export interface BoundsMeter {
  /** One step of work (an evaluation or a pair visited). */
  step(): void;
  /** `n` pairs are in the answer so far. */
  pairs(n: number): void;
}

export function boundsMeter(bounds: ReachBounds, scope: string): BoundsMeter {
  let steps = 0;
  const checkpoint = bounds.checkpoint;
  return {
    step() {
      if (checkpoint && ++steps % STEPS === 0) checkpoint();
    },
    pairs(n) {
      if (n > bounds.maxPairs)
        throw new ReachBoundError(
          'pairs',
          bounds.maxPairs,
          `the reach (${scope}) has more than ${bounds.maxPairs.toLocaleString('en-US')} pairs, the limit of one answer; narrow it to a namespace${scope.includes('pod') ? ' or ask at workload granularity' : ''}`,
        );
    },
  };
}

/**
 * The limit named by a setting (e.g. PACKETPATH_REACH_MAX_PAIRS): a positive integer, or
 * undefined when absent; anything else is a configuration error worth saying, not ignoring.
 */
export function parseLimit(name: string, value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n < 1)
    throw new RangeError(`${name}: expected a positive integer, got "${value}"`);
  return n;
}
