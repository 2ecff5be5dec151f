// Parsed files → one validated Snapshot.

import type { ClusterSettings, IngestWarning, Snapshot, SourceMeta } from '../model/types';
import { IngestError, throwIfAny } from './errors';
import { maxObjectsFrom, tooManyObjects } from './limits';
import type { ParseResult } from './parse';
import { mergeSettings } from './snapshot-file';
import { validateObjects } from './validate';
import { rememberValidated } from './validated';

export interface SnapshotFromObjectsOptions {
  /** Settings that override those found in snapshot files (e.g. `--underlay-mtu`). */
  readonly settings?: ClusterSettings;
  /**
   * Keep the snapshot file's own meta when the input is exactly one snapshot file
   * (default true): a saved live capture stays "live, context X, captured at T".
   */
  readonly keepSnapshotMeta?: boolean;
  /** Most objects of all files together (default PACKETPATH_MAX_OBJECTS, limits.ts). */
  readonly maxObjects?: number;
}

/**
 * Builds a Snapshot from parsed files: all objects in input order, settings merged
 * from snapshot files (later files win) and then `options.settings`. Validates
 * every object and throws all field problems as `IngestErrors`; returns the parse
 * warnings (NOT_KUBERNETES). Warnings about objects (IGNORED_KIND, ASSUMPTION,
 * DUPLICATE_OBJECT, SYNTHESIZED_PODS) come with the model from `loadModel`.
 */
export function snapshotFromObjects(
  parsed: readonly ParseResult[],
  meta: SourceMeta,
  options: SnapshotFromObjectsOptions = {},
): { snapshot: Snapshot; warnings: IngestWarning[] } {
  // Each file was held to the object limit (parse.ts); the files of one upload together are too.
  const total = parsed.reduce((n, p) => n + p.objects.length, 0);
  const maxObjects = options.maxObjects ?? maxObjectsFrom();
  if (total > maxObjects) {
    throw new IngestError({ code: 'TOO_LARGE', reason: tooManyObjects(total, maxObjects) });
  }
  const located = parsed.flatMap((p) =>
    p.objects.map((object, i) => ({ object, origin: p.origins[i] ?? {} })),
  );
  const validation = validateObjects(located);
  throwIfAny(validation.errors);
  let settings: ClusterSettings = {};
  for (const p of parsed) if (p.settings) settings = mergeSettings(settings, p.settings);
  if (options.settings) settings = mergeSettings(settings, options.settings);
  const only = parsed.length === 1 ? parsed[0]!.meta : undefined;
  const snapshot: Snapshot = {
    meta: only && options.keepSnapshotMeta !== false ? only : meta,
    settings,
    objects: located.map((o) => o.object),
  };
  // loadModel(snapshot) reuses this validation instead of repeating it.
  rememberValidated(snapshot.objects, validation.warnings);
  return { snapshot, warnings: parsed.flatMap((p) => p.warnings) };
}
