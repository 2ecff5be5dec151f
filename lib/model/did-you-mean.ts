// "Did you mean": the names closest to one that names nothing, by edit distance
// (fastest-levenshtein), for errors about unknown pods, Services, nodes and sources.

import { distance } from 'fastest-levenshtein';

/**
 * Up to `limit` candidates close to `wanted`, best first: a candidate that contains the
 * wanted text (or is contained in it) ranks first, then by edit distance, ties by name.
 * `key` picks the part compared as well as the whole (`shop/web-1` → `web-1`).
 */
export function closestNames(
  wanted: string,
  candidates: readonly string[],
  { limit = 3, key = (c: string) => c }: { limit?: number; key?: (c: string) => string } = {},
): string[] {
  const w = wanted.toLowerCase();
  const allowed = Math.max(2, Math.floor(w.length / 3));
  return candidates
    .map((c) => {
      const short = key(c).toLowerCase();
      const whole = c.toLowerCase();
      const near = short.includes(w) || w.includes(short);
      // Ties go to the name of the same length: a swapped pair (`wbe` for `web`) costs two edits
      // in Levenshtein distance, as much as a shorter unrelated name.
      return {
        c,
        score: near ? 0 : Math.min(distance(w, short), distance(w, whole)),
        skew: Math.abs(short.length - w.length),
      };
    })
    .filter((s) => s.score <= allowed)
    .sort((a, b) => a.score - b.score || a.skew - b.skew || a.c.localeCompare(b.c))
    .slice(0, limit)
    .map((s) => s.c);
}
