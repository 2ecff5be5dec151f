// The dashboard's typed client for the API routes it calls from the browser; components
// reach it through TanStack Query (useQuery / useMutation), never with a raw fetch. Every
// answer that is not 2xx becomes an ApiProblem carrying the server's `{"error","detail"}`
// (and the `problems` field list of an ingest or query error), so components show the
// server's own words.

import type { WhatIfAnswer } from 'lib/server/whatif';
import type { Changes } from 'lib/ingest/whatif';
import type { TraceQuery } from 'lib/model/trace-query';
import type { EndpointOption } from 'lib/server/endpoints';
import type { CreatedShare, ShareView } from 'lib/server/shares';
import type { SavedSnapshot } from 'lib/server/snapshots';
import type { LiveDashboardStatus } from 'lib/ingest/live/runtime';
import type { Removal } from 'lib/store/redact';
import type { UploadSummary } from 'lib/server/upload-summary';

export interface ProblemBody {
  readonly error: string;
  readonly detail: string;
  readonly field?: string;
  readonly param?: string;
  readonly problems?: readonly {
    readonly file?: string;
    readonly document?: number;
    readonly field?: string;
    readonly line?: number;
    readonly message: string;
    readonly reason?: string;
  }[];
}

export class ApiProblem extends Error {
  override name = 'ApiProblem';
  constructor(
    readonly status: number,
    readonly body: ProblemBody,
  ) {
    super(body.detail || body.error);
  }
}

interface Request {
  readonly method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** Sent as JSON. */
  readonly json?: unknown;
  /** Sent as is (multipart uploads); the browser sets the content type. */
  readonly form?: FormData;
  readonly signal?: AbortSignal | undefined;
}

async function send<T>(path: string, { method = 'GET', json, form, signal }: Request = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      cache: 'no-store',
      ...(json !== undefined
        ? { body: JSON.stringify(json), headers: { 'content-type': 'application/json' } }
        : {}),
      ...(form ? { body: form } : {}),
      ...(signal ? { signal } : {}),
    });
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new ApiProblem(0, { error: 'no answer', detail: 'the server could not be reached' });
  }
  if (res.status === 204) return undefined as T;
  const body = (await res
    .json()
    .catch(() => ({ error: 'unreadable answer', detail: `the server answered ${res.status}` }))) as
    T | ProblemBody;
  if (!res.ok) throw new ApiProblem(res.status, body as ProblemBody);
  return body as T;
}

export function postWhatIf(
  body: { source: string; changes: Changes; query?: TraceQuery },
  signal?: AbortSignal,
): Promise<WhatIfAnswer> {
  return send<WhatIfAnswer>('/api/whatif', { method: 'POST', json: body, signal });
}

export interface EndpointSearch {
  readonly results: readonly EndpointOption[];
  readonly total: number;
}

/** `GET /api/endpoints`: endpoints of a source matching `q`, for the pickers. */
export function getEndpoints(
  params: { source: string; q: string; limit: number },
  signal?: AbortSignal,
): Promise<EndpointSearch> {
  const query = new URLSearchParams({ source: params.source, q: params.q, limit: String(params.limit) });
  return send<EndpointSearch>(`/api/endpoints?${query}`, { signal });
}

export interface ObjectAnswer {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  readonly yaml: string;
}

/** `GET /api/objects`: one object of a source as (redacted) YAML. */
export function getObject(
  params: { source: string; kind: string; namespace?: string | undefined; name: string },
  signal?: AbortSignal,
): Promise<ObjectAnswer> {
  const query = new URLSearchParams({ source: params.source, kind: params.kind, name: params.name });
  if (params.namespace) query.set('namespace', params.namespace);
  return send<ObjectAnswer>(`/api/objects?${query}`, { signal });
}

/** `GET /api/live`: the live source's state (polled by the header badge). */
export function getLiveStatus(signal?: AbortSignal): Promise<LiveDashboardStatus> {
  return send<LiveDashboardStatus>('/api/live', { signal });
}

export interface ShareRequest {
  readonly source: string;
  readonly query: TraceQuery;
  readonly view?: Readonly<Record<string, string>>;
  readonly title?: string | undefined;
  readonly note?: string | undefined;
  readonly expiresInDays?: number | undefined;
  readonly changes?: Changes;
}

/** `POST /api/shares`: freezes the state with a query; the answer carries the link. */
export function postShare(body: ShareRequest): Promise<CreatedShare> {
  return send<CreatedShare>('/api/shares', { method: 'POST', json: body });
}

/** `POST /api/snapshots`: saves a source's current state under a name. */
export function postSnapshot(body: { source: string; name?: string | undefined }): Promise<SavedSnapshot> {
  return send<SavedSnapshot>('/api/snapshots', { method: 'POST', json: body });
}

/** `DELETE /api/snapshots/ID`: removes an upload or a saved snapshot; `false` when it was already gone. */
export async function deleteSnapshot(id: string, purpose: 'upload' | 'snapshot'): Promise<boolean> {
  try {
    await send<void>(`/api/snapshots/${encodeURIComponent(id)}?${new URLSearchParams({ purpose })}`, {
      method: 'DELETE',
    });
    return true;
  } catch (err) {
    if (err instanceof ApiProblem && err.status === 404) return false;
    throw err;
  }
}

export interface UploadAnswer {
  readonly id: string;
  readonly title: string;
  readonly objectCount: number;
  readonly removed: readonly Removal[];
  /** What the upload holds, for the summary card (lib/server/upload-summary). */
  readonly summary: UploadSummary;
}

/** `POST /api/sources`: uploads files (multipart) as a new source. */
export function uploadSources(files: readonly File[]): Promise<UploadAnswer> {
  const form = new FormData();
  for (const f of files) form.append('files', f, f.name);
  return send<UploadAnswer>('/api/sources', { method: 'POST', form });
}

/** `PATCH /api/snapshots/ID`: gives an upload (or a saved snapshot) a new readable name. */
export function renameSnapshot(
  id: string,
  name: string,
  purpose: 'upload' | 'snapshot' = 'upload',
): Promise<unknown> {
  return send(`/api/snapshots/${encodeURIComponent(id)}`, { method: 'PATCH', json: { name, purpose } });
}

/** `GET /api/shares/ID`: a share link's frozen metadata, query and trace (404 once expired). */
export function getShare(id: string, signal?: AbortSignal): Promise<ShareView> {
  return send<ShareView>(`/api/shares/${encodeURIComponent(id)}`, { signal });
}
