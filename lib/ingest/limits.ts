// How many Kubernetes objects one input may hold. The largest benchmark cluster (L: 51,015
// pods, bench/RESULTS.md) is 93,154 objects; a million-item `kind: List` of empty maps is
// 3 MB of JSON and would otherwise become a million objects, origins and error records
// before anything refused it. The count is checked as soon as a list's length is known,
// before its items are built; PACKETPATH_MAX_OBJECTS sets it for the CLI and the server.

import { parseLimit } from '../engine/reach/bounds';

export const DEFAULT_MAX_OBJECTS = 500_000;

/** PACKETPATH_MAX_OBJECTS, or the default; a value that is not a positive integer is an error. */
export function maxObjectsFrom(env: Readonly<Record<string, string | undefined>> = process.env): number {
  return parseLimit('PACKETPATH_MAX_OBJECTS', env.PACKETPATH_MAX_OBJECTS) ?? DEFAULT_MAX_OBJECTS;
}

/** The reason of a TOO_LARGE error for an input past the object limit. */
export function tooManyObjects(count: number, limit: number): string {
  return `${count.toLocaleString('en-US')} objects is more than the limit of ${limit.toLocaleString('en-US')} per input (PACKETPATH_MAX_OBJECTS)`;
}
