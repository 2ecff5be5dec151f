// Share links: freeze a source's current snapshot (redacted) with a trace query and the
// view state, and read it back with the trace recomputed from the frozen snapshot. The
// engine is deterministic, so a link shows the same path every time it is opened.

import type { SourceMeta } from '../model/types';
import type { TraceQuery, TraceResult } from '../engine/types';
import { traceRoute } from '../engine';
import { loadModel } from '../ingest';
import { getSource } from './index';
import { getStore, isShareId } from '../store';
import type { ShareRecord } from '../store';
import { redactSnapshot } from '../store/redact';
import type { Changes } from '../ingest';
import { whatIfSnapshot } from './whatif';
import type { Removal } from '../store/redact';
import { sourceId } from '../model/source-id';
import { canonicalTraceQuery } from '../model/trace-query';

export interface CreateShareInput {
  readonly source: string;
  readonly query: TraceQuery;
  /** A what-if: the link freezes the state with these changes laid over it. */
  readonly changes?: Changes;
  readonly view: Readonly<Record<string, string>>;
  readonly title?: string;
  readonly note?: string;
  readonly expiresInDays?: number;
}

export interface CreatedShare {
  readonly id: string;
  readonly url: string;
  readonly removed: readonly Removal[];
}

export interface ShareView {
  readonly id: string;
  readonly createdAt: string;
  readonly expiresAt?: string;
  readonly title?: string;
  readonly note?: string;
  /** Where the state came from, and its metadata as captured. */
  readonly source: SourceMeta & { readonly id: string };
  readonly query: TraceQuery;
  readonly view: Readonly<Record<string, string>>;
  readonly trace: TraceResult;
}

const DAY_MS = 86_400_000;

/** The replica a workload trace's link draws (`view.replica`, set when the link was made). */
const replicaOf = (view: Readonly<Record<string, string>>) => (view.replica ? { replica: view.replica } : {});

/** Freezes the source's current state; throws the engine's input errors before storing anything. */
export async function createShareFromSource(input: CreateShareInput): Promise<CreatedShare> {
  const { snapshot: current } = await getSource(input.source);
  const snapshot = input.changes ? whatIfSnapshot(current, input.changes).snapshot : current;
  const { snapshot: frozen, removed } = redactSnapshot(snapshot);
  const query = canonicalTraceQuery(input.query);
  // Trace the frozen state once now: an endpoint that names nothing is a 400, not a dead link.
  traceRoute(loadModel(frozen), query, replicaOf(input.view));
  const store = await getStore();
  const saved = await store.putSnapshot(frozen, { name: input.title || frozen.meta.title, purpose: 'share' });
  const share = await store.createShare({
    snapshotId: saved.id,
    sourceId: input.source,
    query,
    view: input.view,
    ...(input.title ? { title: input.title } : {}),
    ...(input.note ? { note: input.note } : {}),
    ...(input.expiresInDays
      ? { expiresAt: new Date(Date.now() + input.expiresInDays * DAY_MS).toISOString() }
      : {}),
  });
  return { id: share.id, url: `/s/${share.id}`, removed };
}

/** The share with its trace, or undefined for malformed, unknown and expired ids. */
export async function readShare(id: string): Promise<ShareView | undefined> {
  if (!isShareId(id)) return undefined;
  const store = await getStore();
  const share: ShareRecord | undefined = await store.getShare(id);
  if (!share) return undefined;
  const { snapshot, model } = await getSource(sourceId('share', id));
  return {
    id: share.id,
    createdAt: share.createdAt,
    ...(share.expiresAt ? { expiresAt: share.expiresAt } : {}),
    ...(share.title ? { title: share.title } : {}),
    ...(share.note ? { note: share.note } : {}),
    source: { ...snapshot.meta, id: share.sourceId },
    query: share.query,
    view: share.view,
    trace: traceRoute(model, share.query, replicaOf(share.view)),
  };
}
