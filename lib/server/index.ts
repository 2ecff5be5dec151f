// Server-side runtime of the dashboard: the source registry with its built-in
// providers, the model builder, and uploads. API routes and pages import from here.

import { loadModel } from '../ingest';
import { scenarios } from '../scenarios';
import { getStore } from '../store';
import type { Removal } from '../store/redact';
import {
  scenarioProvider,
  shareProvider,
  snapshotProvider,
  uploadProvider,
  entryOf,
} from './builtin-sources';
import { liveSettingsFromEnv } from '../ingest/live';
import { liveProvider } from './live-provider';
import { listSources, loadSource, primeSource, registerSourceProvider, setModelBuilder } from './sources';
import type { LoadedSource, SourceEntry } from './sources';
import { uploadName } from './upload';
import { revealHidden } from '../model/hidden-chars';
import type { UploadFile } from './upload';
import { runTask } from './workers/pool';
import { ingestFiles, type IngestAnswer } from './workers/tasks';
import { outcomeOf } from './workers/outcome';
import { sourceId } from '../model/source-id';
import type { UploadSummary } from './upload-summary';
import { visibleTo } from './owned-sources';

export type { LoadedSource, SourceEntry, SourceProvider, ProvidedSnapshot } from './sources';
export { registerSourceProvider, listSources } from './sources';

const KEY = Symbol.for('packetpath.server.ready');
const flags = globalThis as { [KEY]?: boolean };

function ensureRuntime(): void {
  if (flags[KEY]) return;
  flags[KEY] = true;
  setModelBuilder((snapshot) => loadModel(snapshot));
  for (const p of [scenarioProvider, uploadProvider, snapshotProvider, shareProvider])
    registerSourceProvider(p);
  // PACKETPATH_LIVE=1: the connected cluster as source `live` (lib/ingest/live/runtime.ts).
  if (liveSettingsFromEnv().enabled) registerSourceProvider(liveProvider);
}
ensureRuntime();

/** The source the dashboard opens on: `PACKETPATH_DEFAULT_SOURCE`, else the first scenario. */
export function defaultSourceId(): string {
  const configured = process.env.PACKETPATH_DEFAULT_SOURCE?.trim();
  if (configured) return configured;
  const first = scenarios[0];
  return sourceId('scenario', first ? first.slug : 'none');
}

/** Loads a source (the default one when `id` is absent). */
export function getSource(id?: string): Promise<LoadedSource> {
  ensureRuntime();
  return loadSource(id ?? defaultSourceId());
}

export function getSources(): Promise<readonly SourceEntry[]> {
  ensureRuntime();
  return listSources();
}

/** The sources listed to a caller: built-ins, live, and the uploads and snapshots it created (owned-sources.ts). */
export async function getSourcesFor(owned: ReadonlySet<string>): Promise<readonly SourceEntry[]> {
  return visibleTo(await getSources(), owned);
}

/**
 * What to call a source in sentences: its listed title (an upload's readable, renamable
 * name; a scenario's title), else the snapshot's own title, never a bare `upload:HASH`.
 */
export async function sourceTitle(loaded: LoadedSource): Promise<string> {
  const listed = (await listSources().catch(() => [])).find((s) => s.id === loaded.id);
  return listed?.title ?? revealHidden(loaded.snapshot.meta.title ?? loaded.id);
}

/** A stored upload: its source entry, what redaction removed, the summary card's facts. */
export type UploadAnswer = SourceEntry & {
  readonly removed: readonly Removal[];
  readonly summary: UploadSummary;
};

/**
 * Parses the files into one snapshot (throwing IngestError naming file, document
 * and field), checks that a model builds from it, and stores it as an upload. All of it
 * runs in a worker thread (workers/tasks.ts), which writes the store itself and keeps the
 * model for the upload's traces (trace-answer.ts): only the entry and summary come back.
 */
export async function createUpload(files: readonly UploadFile[]): Promise<UploadAnswer> {
  ensureRuntime();
  const now = new Date();
  return runTask<UploadAnswer>('ingest', { files, now: now.toISOString() }, () =>
    outcomeOf(() => storeIngested(ingestFiles(files, now))),
  );
}

/**
 * An upload built in this thread (ingestFiles) stored, its model cached here for the first
 * trace (the stored snapshot is this very one).
 */
export async function storeIngested(answer: IngestAnswer): Promise<UploadAnswer> {
  ensureRuntime();
  const { prepared, model, removed, summary: facts } = answer;
  const store = await getStore();
  const { snapshot } = prepared;
  const summary = await store.putSnapshot(prepared, { name: uploadName(snapshot.meta), purpose: 'upload' });
  const entry = entryOf('upload', summary);
  primeSource(entry.id, snapshot, model);
  return { ...entry, removed, summary: facts };
}
