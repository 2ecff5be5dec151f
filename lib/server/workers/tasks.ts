// What the server's worker threads run: the two computations on user data that take
// seconds at scale. Each runs off the main thread so the server answers (health probes,
// traces) meanwhile; what they return crosses back by structured clone (plain data).

import { loadModel, parseText, snapshotFromObjects } from '../../ingest';
import type { ClusterModel } from '../../model/types';
import type { ReachResult } from '../../engine/types';
import { redactSnapshot, type Removal } from '../../store/redact';
import { prepareSnapshot, type PreparedSnapshot } from '../../store/prepare';
import { parseFiles, uploadMeta, type UploadFile } from '../upload';
import { boundedReach, type ReachOptions } from '../reach-cache';
import { outcomeOf, type Outcome } from './outcome';
import { summarizeUpload, type UploadSummary } from '../upload-summary';

export interface IngestAnswer {
  /** The redacted snapshot with its canonical JSON and address, ready for the store. */
  readonly prepared: PreparedSnapshot;
  readonly model: ClusterModel;
  readonly removed: readonly Removal[];
  /** The summary card's facts; it lints the model, so it is made here too. */
  readonly summary: UploadSummary;
}

/**
 * An upload's files as the redacted snapshot to store and its model (built here: it checks
 * what validation alone cannot, and is then cached for the first trace). Parse errors are
 * IngestErrors naming file, document and field, rebuilt on the main thread (pool.ts).
 */
export function ingest(input: {
  readonly files: readonly UploadFile[];
  readonly now: string;
}): Promise<Outcome<IngestAnswer>> {
  return outcomeOf(() => ingestFiles(input.files, new Date(input.now)));
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
