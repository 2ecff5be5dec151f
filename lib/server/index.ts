// Server-side runtime of the dashboard: the source registry with its built-in
// providers, the model builder, and uploads. API routes and pages import from here.

import { loadModel, parseText, snapshotFromObjects } from '../ingest';
import { scenarios } from '../scenarios';
import { getStore } from '../store';
import { redactSnapshot } from '../store/redact';
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
import { parseFiles, uploadMeta } from './upload';
import type { UploadFile } from './upload';
import { sourceId } from '../model/source-id';
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
 * Parses the files into one snapshot (throwing IngestError naming file, document
 * and field), checks that a model builds from it, and stores it as an upload.
 */
export async function createUpload(
  files: readonly UploadFile[],
): Promise<SourceEntry & { readonly removed: readonly Removal[] }> {
  ensureRuntime();
  const parsed = parseFiles(files, (text, name) => parseText(text, name));
  const { snapshot: raw } = snapshotFromObjects(parsed, uploadMeta(files), { keepSnapshotMeta: false });
  // What is stored (and traced from then on) is the redacted state; the store would redact
  // anyway, this says what went.
  const { snapshot, removed } = redactSnapshot(raw);
  // Building the model checks what validation alone cannot; it is then cached for the
  // first trace (the stored snapshot is this very one).
  const model = loadModel(snapshot);
  const store = await getStore();
  const summary = await store.putSnapshot(snapshot, { name: snapshot.meta.title, purpose: 'upload' });
  const entry = entryOf('upload', summary);
  primeSource(entry.id, snapshot, model);
  return { ...entry, removed };
}
