// Timing harness shared by the benchmarks: fixed warm-up and repetition counts, the
// median of the timed runs, and one table row per comparison (ours vs baseline on the
// same input). Timings vary between machines; the ratio is the number to read.

/** Untimed runs first, so JIT compilation and lazy caches do not land in the median. */
export const WARMUP = 2;
/** Timed runs per side; odd, so the median is one measured run. */
export const REPEAT = 7;

export function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Median wall time of `fn` over REPEAT runs after WARMUP runs. `setup` runs before each
 * run, outside the timing (e.g. a fresh model, so memoised work does not carry over).
 */
export function measure<S>(setup: () => S, fn: (input: S) => unknown, repeat = REPEAT): number {
  for (let i = 0; i < WARMUP; i++) fn(setup());
  const runs: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const input = setup();
    const start = performance.now();
    fn(input);
    runs.push(performance.now() - start);
  }
  return median(runs);
}

export interface Row {
  readonly name: string;
  readonly ours: number;
  /** Undefined when the row has no baseline (an absolute figure). */
  readonly baseline?: number;
  readonly note?: string;
  /** How `ours` (and `baseline`) read: milliseconds (default) or a plain ratio. */
  readonly unit?: 'ms' | 'x';
}

export function header(): string {
  return `${'benchmark'.padEnd(58)} ${'ours'.padStart(11)} ${'baseline'.padStart(11)} ${'baseline/ours'.padStart(14)}\n`;
}

export function formatRow(r: Row): string {
  const ms = (v: number) =>
    (r.unit === 'x'
      ? `${v.toFixed(2)}x`
      : v >= 10_000
        ? `${(v / 1000).toFixed(1)} s`
        : v < 10
          ? `${v.toFixed(3)} ms`
          : `${v.toFixed(1)} ms`
    ).padStart(11);
  const ratio = r.baseline === undefined ? '—' : `${(r.baseline / r.ours).toFixed(1)}x`;
  return `${r.name.padEnd(58)} ${ms(r.ours)} ${r.baseline === undefined ? '—'.padStart(11) : ms(r.baseline)} ${ratio.padStart(14)}${r.note ? `  ${r.note}` : ''}\n`;
}
