// One place for the fuzzing budget: a short deterministic run in `npm test` (fixed seed,
// a few hundred cases per property) and the long run of `npm run fuzz`.
//
// In the long run PACKETPATH_FUZZ_RUNS is the budget of one area (ingest, policy,
// parsers): each property of the area takes its share of it, so the shares of an area add
// up to 1 and the area runs at least PACKETPATH_FUZZ_RUNS cases in all. Shares follow the
// cost of a case (a mutated dump through the model costs ~25 ms, arbitrary bytes ~0.1 ms),
// so that no area runs for hours. PACKETPATH_FUZZ_SEED replays a failure.

export interface FuzzParams {
  seed: number;
  numRuns: number;
  endOnFailure: true;
}

export function fuzzParams(short = 200, share = 1): FuzzParams {
  const runs = Number(process.env.PACKETPATH_FUZZ_RUNS);
  const seed = Number(process.env.PACKETPATH_FUZZ_SEED);
  return {
    seed: Number.isFinite(seed) ? seed : 20261203,
    numRuns: Number.isFinite(runs) && runs > 0 ? Math.ceil(runs * share) : short,
    endOnFailure: true,
  };
}

/** The long run takes minutes; vitest's per-test timeout must allow it. */
export const FUZZ_TIMEOUT = process.env.PACKETPATH_FUZZ_RUNS ? 4 * 3_600_000 : 60_000;
