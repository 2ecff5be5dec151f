// For tests that mutate parsed objects field by field: every path inside a JSON value,
// reading one, and a copy with one path set (or deleted, for `undefined`).

export type JsonPath = (string | number)[];

/**
 * Every path (object keys and array indexes) inside a value, the value itself excluded;
 * with `maxItems`, only the first items of each array are walked.
 */
export function jsonPaths(value: unknown, maxItems = Infinity, prefix: JsonPath = [], out: JsonPath[] = []) {
  if (Array.isArray(value))
    value.slice(0, maxItems).forEach((v, i) => {
      out.push([...prefix, i]);
      jsonPaths(v, maxItems, [...prefix, i], out);
    });
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value)) {
      out.push([...prefix, k]);
      jsonPaths(v, maxItems, [...prefix, k], out);
    }
  return out;
}

export const getAt = (value: unknown, path: readonly (string | number)[]): unknown =>
  path.reduce<unknown>((at, k) => (at as Record<string | number, unknown>)[k], value);

/** A deep copy of `value` with `path` set to `to`, or removed when `to` is undefined. */
export function setAt<T>(value: T, path: readonly (string | number)[], to: unknown): T {
  const copy = structuredClone(value);
  const parent = getAt(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  if (to === undefined) delete parent[path.at(-1)!];
  else parent[path.at(-1)!] = to;
  return copy;
}
