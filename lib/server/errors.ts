// Errors the API routes turn into 4xx answers. A handler throws one of these for bad
// input; `withErrors` (http.ts) maps it to `{"error","detail"}` with its status.

export type ApiErrorStatus = 400 | 404 | 405 | 413 | 415 | 422 | 429 | 503;

export class ApiError extends Error {
  readonly status: ApiErrorStatus;
  readonly detail: string;
  /** Extra fields for the JSON answer (e.g. file/document/field of a parse error). */
  readonly extra: Readonly<Record<string, unknown>>;
  /** Sent as Retry-After (seconds) with a 429 or 503: when to try again. */
  readonly retryAfterSeconds?: number;

  constructor(
    status: ApiErrorStatus,
    error: string,
    detail: string,
    extra: Record<string, unknown> = {},
    retryAfterSeconds?: number,
  ) {
    super(error);
    if (retryAfterSeconds !== undefined) this.retryAfterSeconds = retryAfterSeconds;
    this.name = 'ApiError';
    this.status = status;
    this.detail = detail;
    this.extra = extra;
  }
}

/** A SOURCE id that names nothing we can load. */
export class UnknownSourceError extends ApiError {
  constructor(id: string, why = 'no such source') {
    super(404, 'unknown source', `${id}: ${why}`, { source: id });
    this.name = 'UnknownSourceError';
  }
}
