// What the server's worker threads run: the computations on user data that take seconds
// at scale (an upload's ingest, a reach), and the traces of the sources whose model lives
// here. Each runs off the main thread so the server answers (health probes, traces)
// meanwhile. What crosses back is small (structured clone of plain data, or the trace's
// JSON text): a large model is built, kept and queried in the worker, never cloned across,
// since receiving it would be one synchronous step of seconds on the main thread.

import { threadId } from 'node:worker_threads';
import { loadModel, parseText, snapshotFromObjects } from '../../ingest';
import type { ClusterModel } from '../../model/types';
import type { ReachResult } from '../../engine/types';
import { redactSnapshot, type Removal } from '../../store/redact';
import { prepareSnapshot, type PreparedSnapshot } from '../../store/prepare';
import { parseFiles, uploadMeta, type UploadFile } from '../upload';
import { boundedReach, type ReachOptions } from '../reach-cache';
import { outcomeOf, type Outcome } from './outcome';
import { summarizeUpload, type UploadSummary } from '../upload-summary';
import type { UploadAnswer } from '../index';
import { traceText, type TraceTask } from '../trace-text';

/** What building an upload hands to the store and the model cache (never across threads). */
export interface IngestAnswer {
  /** The redacted snapshot with its canonical JSON and address, ready for the store. */
  readonly prepared: PreparedSnapshot;
  readonly model: ClusterModel;
  readonly removed: readonly Removal[];
  /** The summary card's facts; it lints the model, so it is made here too. */
  readonly summary: UploadSummary;
}

/**
 * An upload's files parsed, redacted, stored and modelled here (the model checks what
 * validation alone cannot, and stays in this thread's model cache for the traces that
 * follow); the answer is the stored entry and the summary. Parse errors are IngestErrors
 * naming file, document and field, rebuilt on the main thread (pool.ts).
 */
export async function ingest(input: {
  readonly files: readonly UploadFile[];
  readonly now: string;
}): Promise<Outcome<UploadAnswer>> {
  return outcomeOf(async () => {
    // Parsed first, the server runtime (store, sources) loaded after: a thread whose heap
    // cap the parse outgrows ends with the least held.
    const answer = ingestFiles(input.files, new Date(input.now));
    const { storeIngested } = await import('../index');
    return storeIngested(answer);
  });
}

/** A trace of a stored source, as the trace API's JSON text, from this thread's model. */
export async function trace(input: TraceTask): Promise<Outcome<string>> {
  return outcomeOf(async () => {
    const { getSource } = await import('../index');
    const { model } = await getSource(input.source);
    return traceText(model, input.query, input.replica);
  });
}

/** Loads the task module's imports and names the thread (preloadWorkers in pool.ts). */
export async function ping(): Promise<Outcome<number>> {
  await import('../index');
  return { value: threadId };
}

export function ingestFiles(files: readonly UploadFile[], now: Date): IngestAnswer {
  const parsed = parseFiles(files, (text, name) => parseText(text, name));
  const { snapshot: raw } = snapshotFromObjects(parsed, uploadMeta(files, now), {
    keepSnapshotMeta: false,
  });
  // What is stored (and traced from then on) is the redacted state; the store would redact
  // anyway, this says what went.
  const { snapshot, removed } = redactSnapshot(raw);
  // The store's own work too (canonical JSON and address), so the request thread only writes.
  const prepared = prepareSnapshot(snapshot);
  const model = loadModel(prepared.snapshot);
  return { prepared, model, removed, summary: summarizeUpload(model, removed) };
}

/**
 * A reach of a stored or built-in source, loaded in this worker by its id (content never
 * changes under such an id, so the worker's own model cache serves it from then on).
 */
export function reach(input: {
  readonly source: string;
  readonly options: ReachOptions;
}): Promise<Outcome<ReachResult>> {
  return outcomeOf(async () => {
    const { getSource } = await import('../index');
    const loaded = await getSource(input.source);
    return boundedReach(loaded.model, input.options);
  });
}
