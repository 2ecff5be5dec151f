// One place for the fuzzing budget: a short deterministic run in `npm test` (fixed seed,
// a few hundred cases per property) and the long run of `npm run fuzz`
// (PACKETPATH_FUZZ_RUNS cases per property; PACKETPATH_FUZZ_SEED to replay a failure).

export function fuzzParams(short = 200): { seed: number; numRuns: number; endOnFailure: true } {
  const runs = Number(process.env.PACKETPATH_FUZZ_RUNS);
  const seed = Number(process.env.PACKETPATH_FUZZ_SEED);
  return {
    seed: Number.isFinite(seed) ? seed : 20261203,
    numRuns: Number.isFinite(runs) && runs > 0 ? runs : short,
    endOnFailure: true,
  };
}

/** The long run takes minutes; vitest's per-test timeout must allow it. */
export const FUZZ_TIMEOUT = process.env.PACKETPATH_FUZZ_RUNS ? 3_600_000 : 60_000;
