// Named snapshots: save a source's current state (redacted), list, download as a
// PacketpathSnapshot file the CLI reads, and compare two states along a path.

import { stringify } from 'yaml';
import type { TraceQuery, TraceVerdict } from '../engine/types';
import { traceRoute } from '../engine';
import { lintOf } from './lint-cache';
import { serializeSnapshot } from '../ingest/snapshot-file';
import { getSource } from './index';
import { contentAddress, getStore, isContentAddress } from '../store';
import type { SnapshotSummary } from '../store';
import { redactSnapshot } from '../store/redact';
import type { Removal } from '../store/redact';
import { diffFindings, diffObjects, refsOfTrace } from '../store/diff';
import type { FindingChange, ObjectChange } from '../store/diff';
import { sourceId } from '../model/source-id';

export interface SavedSnapshot extends SnapshotSummary {
  readonly source: string;
  readonly removed: readonly Removal[];
  /** True when this exact state was saved before (the entry keeps its first name). */
  readonly alreadySaved: boolean;
}

export async function saveSnapshot(source: string, name?: string): Promise<SavedSnapshot> {
  const { snapshot } = await getSource(source);
  const { snapshot: clean, removed } = redactSnapshot(snapshot);
  const stamped = {
    ...clean,
    meta: { ...clean.meta, capturedAt: clean.meta.capturedAt ?? new Date().toISOString() },
  };
  const store = await getStore();
  const before = await store.getSnapshotSummary(contentAddress(stamped).id, 'snapshot');
  const summary = await store.putSnapshot(stamped, {
    name: name || snapshot.meta.title,
    purpose: 'snapshot',
  });
  return {
    ...summary,
    source: sourceId('snapshot', summary.id),
    removed,
    alreadySaved: before !== undefined,
  };
}

/** The saved snapshots the caller created (owned-sources.ts): ids are not listed to everyone. */
export async function listSavedSnapshots(owned: ReadonlySet<string>): Promise<readonly SnapshotSummary[]> {
  return (await getStore())
    .listSnapshots('snapshot')
    .then((all) => all.filter((s) => owned.has(sourceId('snapshot', s.id))));
}

/** The download file, or undefined when no snapshot or upload has this id. */
export async function snapshotFile(id: string): Promise<{ fileName: string; text: string } | undefined> {
  if (!isContentAddress(id)) return undefined;
  const store = await getStore();
  const summary =
    (await store.getSnapshotSummary(id, 'snapshot')) ?? (await store.getSnapshotSummary(id, 'upload'));
  const snapshot = summary && (await store.getSnapshot(id));
  if (!summary || !snapshot) return undefined;
  // serializeSnapshot fixes the document's key order; YAML is what people read and edit.
  const text = stringify(JSON.parse(serializeSnapshot(snapshot)), { lineWidth: 0 });
  const base =
    summary.name
      .replace(/\.[a-z]+$/i, '')
      .replace(/[^A-Za-z0-9._-]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'snapshot';
  return { fileName: `${base}-${id.slice(0, 8)}.packetpath.yaml`, text };
}

/** A bare content address means a saved snapshot; anything else is a source id. */
export function sourceIdOf(ref: string): string {
  return isContentAddress(ref) ? sourceId('snapshot', ref) : ref;
}

export interface SnapshotDiff {
  readonly a: string;
  readonly b: string;
  readonly query?: TraceQuery;
  readonly verdict?: { readonly a: TraceVerdict; readonly b: TraceVerdict };
  readonly objects: readonly ObjectChange[];
  readonly findings: readonly FindingChange[];
}

/**
 * With a query: object changes limited to what either trace touches, and the trace
 * findings that appeared or disappeared. Without: every object change and lint findings.
 */
export async function diffSources(a: string, b: string, query?: TraceQuery): Promise<SnapshotDiff> {
  const [left, right] = await Promise.all([getSource(sourceIdOf(a)), getSource(sourceIdOf(b))]);
  // Object values shown in the diff go through the store's redaction (a live side is unredacted).
  const [leftObjects, rightObjects] = [
    redactSnapshot(left.snapshot).snapshot,
    redactSnapshot(right.snapshot).snapshot,
  ];
  if (query) {
    const ta = traceRoute(left.model, query);
    const tb = traceRoute(right.model, query);
    return {
      a: left.id,
      b: right.id,
      query,
      verdict: { a: ta.verdict, b: tb.verdict },
      objects: diffObjects(leftObjects, rightObjects, [...refsOfTrace(ta), ...refsOfTrace(tb)]),
      findings: diffFindings(ta.findings, tb.findings),
    };
  }
  return {
    a: left.id,
    b: right.id,
    objects: diffObjects(leftObjects, rightObjects),
    findings: diffFindings(lintOf(left.model).findings, lintOf(right.model).findings),
  };
}
