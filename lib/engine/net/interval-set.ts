// Sets of integers stored as sorted, disjoint, non-adjacent closed intervals. Ports
// (1-65535) and IPv4 addresses (0-2^32-1) both use this form, so set algebra on
// connections and address ranges is linear in the number of intervals, never in the
// number of ports or addresses.

/** A closed interval `[start, end]`, start <= end. */
export type Interval = readonly [number, number];

/** Sorted by start, disjoint and non-adjacent (canonical: equal sets are equal arrays). */
export type IntervalSet = readonly Interval[];

export const EMPTY_INTERVALS: IntervalSet = [];

/** Builds the canonical set covering every given interval (any order, overlaps allowed). */
export function intervalsOf(intervals: readonly Interval[]): IntervalSet {
  const sorted = intervals.filter(([a, b]) => a <= b).sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function unionIntervals(x: IntervalSet, y: IntervalSet): IntervalSet {
  if (x.length === 0) return y;
  if (y.length === 0) return x;
  return intervalsOf([...x, ...y]);
}

export function intersectIntervals(x: IntervalSet, y: IntervalSet): IntervalSet {
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < x.length && j < y.length) {
    const [a1, b1] = x[i]!;
    const [a2, b2] = y[j]!;
    const a = Math.max(a1, a2);
    const b = Math.min(b1, b2);
    if (a <= b) out.push([a, b]);
    if (b1 < b2) i++;
    else j++;
  }
  return out;
}

export function subtractIntervals(x: IntervalSet, y: IntervalSet): IntervalSet {
  if (x.length === 0 || y.length === 0) return x;
  const out: Interval[] = [];
  let j = 0;
  for (const [a0, b] of x) {
    let a = a0;
    while (j < y.length && y[j]![1] < a) j++;
    let k = j;
    while (k < y.length && y[k]![0] <= b) {
      const [c, d] = y[k]!;
      if (c > a) out.push([a, c - 1]);
      a = Math.max(a, d + 1);
      if (d >= b) break;
      k++;
    }
    if (a <= b) out.push([a, b]);
  }
  return out;
}

export function intervalsContain(x: IntervalSet, n: number): boolean {
  let lo = 0;
  let hi = x.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = x[mid]!;
    if (n < a) hi = mid - 1;
    else if (n > b) lo = mid + 1;
    else return true;
  }
  return false;
}

export function intervalsEqual(x: IntervalSet, y: IntervalSet): boolean {
  if (x.length !== y.length) return false;
  for (let i = 0; i < x.length; i++) {
    if (x[i]![0] !== y[i]![0] || x[i]![1] !== y[i]![1]) return false;
  }
  return true;
}
