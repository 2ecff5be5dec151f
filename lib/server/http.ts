// Route-handler glue: JSON answers and one error mapping for every route, so bad
// input always yields a 4xx `{"error","detail"}` and nothing ever leaks a stack trace.

import { ZodError } from 'zod';
import { IngestError } from '../ingest/errors';
import { ApiError } from './errors';
import { StoreError } from '../store/errors';
import { log } from '../ops/log';
import { observeRequest } from '../ops/observe';

export function json(data: unknown, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(data), { ...init, headers });
}

/** A body that is already JSON text (the CLI formatters' output, byte for byte). */
export function jsonText(text: string, init: ResponseInit = {}): Response {
  const headers = new Headers(init.headers);
  headers.set('content-type', 'application/json; charset=utf-8');
  if (!headers.has('cache-control')) headers.set('cache-control', 'no-store');
  return new Response(text, { ...init, headers });
}

function errorBody(
  error: string,
  detail: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { error, detail, ...extra };
}

/** The JSON answer for an error thrown by a handler. */
export function errorResponse(err: unknown): Response {
  if (err instanceof ApiError) {
    const headers =
      err.retryAfterSeconds === undefined ? undefined : { 'retry-after': String(err.retryAfterSeconds) };
    return json(errorBody(err.message, err.detail, { ...err.extra }), {
      status: err.status,
      ...(headers ? { headers } : {}),
    });
  }
  if (err instanceof IngestError) {
    const errors = 'errors' in err && Array.isArray(err.errors) ? (err.errors as IngestError[]) : [err];
    return json(
      errorBody('invalid input', err.message, {
        file: err.file,
        document: err.doc === undefined ? undefined : err.doc + 1,
        field: [err.path, err.field].filter(Boolean).join('.') || undefined,
        problems: errors.map((e) => ({
          file: e.file,
          document: e.doc === undefined ? undefined : e.doc + 1,
          field: [e.path, e.field].filter(Boolean).join('.') || undefined,
          line: e.line,
          reason: e.reason,
          message: e.message,
        })),
      }),
      // The contract's 413 for input over the size limit; every other ingest problem is a 400.
      { status: err.code === 'TOO_LARGE' ? 413 : 400 },
    );
  }
  if (err instanceof ZodError)
    return json(errorBody('invalid input', zodDetail(err), { param: zodPath(err) }), { status: 400 });
  if (isInputError(err)) return json(inputErrorBody(err), { status: 400 });
  // A bug, not bad input: say so without internals.
  return json(errorBody('internal error', 'the server could not answer this request'), { status: 500 });
}

const zodPath = (err: ZodError): string => err.issues[0]?.path.join('.') || 'body';

/** `field: why` of the first issue: a schema failure thrown by `schema.parse` in a handler. */
function zodDetail(err: ZodError): string {
  const issue = err.issues[0];
  return issue ? `${zodPath(err)}: ${issue.message}` : 'the request does not match the expected shape';
}

/**
 * Engine errors for bad input, recognised by name so this module does not depend on
 * the engine's internals: an endpoint that does not parse or names nothing.
 */
const INPUT_ERRORS: Readonly<Record<string, string>> = {
  EndpointError: 'unknown endpoint',
  EngineError: 'invalid query',
  UsageError: 'invalid query',
};

function isInputError(err: unknown): err is Error {
  return err instanceof Error && err.name in INPUT_ERRORS;
}

function inputErrorBody(err: Error): Record<string, unknown> {
  const suggestions = (err as { suggestions?: unknown }).suggestions;
  return errorBody(
    INPUT_ERRORS[err.name] ?? 'invalid query',
    err.message,
    Array.isArray(suggestions) && suggestions.length ? { suggestions } : {},
  );
}

type Handler = (request: Request) => Promise<Response>;

/** Wraps a route handler so every thrown error becomes a JSON answer. */
export function withErrors(handler: Handler): Handler {
  return async (request) => {
    const startedAt = performance.now();
    let response: Response;
    try {
      response = await handler(request);
    } catch (err) {
      response = errorResponse(err);
      // Bad input is the client's business (its 4xx is logged with the request); a failure
      // of ours or of the store is logged with its cause for the operator.
      if (response.status >= 500 || err instanceof StoreError)
        log.error(
          {
            err,
            method: request.method,
            path: new URL(request.url).pathname,
            store: err instanceof StoreError,
          },
          err instanceof StoreError ? 'store error' : 'request failed',
        );
    }
    observeRequest(request, response.status, startedAt);
    return response;
  };
}

/** For pages: the message to show for bad input, or undefined for a real failure. */
export function userError(
  err: unknown,
): { status: number; error: string; detail: string; params?: readonly string[] } | undefined {
  if (err instanceof ApiError) {
    // The query parameters the error names, so a form can mark each one.
    const problems = err.extra['problems'];
    const params = Array.isArray(problems)
      ? [...new Set(problems.map((p: { field?: unknown }) => p.field))]
      : err.extra['param']
        ? [err.extra['param']]
        : undefined;
    return {
      status: err.status,
      error: err.message,
      detail: err.detail,
      ...(Array.isArray(params) ? { params: params.map(String) } : {}),
    };
  }
  if (err instanceof IngestError)
    return { status: err.code === 'TOO_LARGE' ? 413 : 400, error: 'invalid input', detail: err.message };
  if (err instanceof ZodError) return { status: 400, error: 'invalid input', detail: zodDetail(err) };
  if (isInputError(err))
    return { status: 400, error: INPUT_ERRORS[err.name] ?? 'invalid query', detail: err.message };
  return undefined;
}

export type UserProblem = NonNullable<ReturnType<typeof userError>>;

/**
 * A page's loading step, run apart from its rendering: the value, or the user-facing problem
 * it raised (anything else is rethrown). Pages render JSX outside any try/catch, since a
 * catch there would not see a child component's rendering error anyway.
 */
export async function loadOrProblem<T>(
  load: () => Promise<T> | T,
): Promise<{ value: T } | { problem: UserProblem }> {
  try {
    return { value: await load() };
  } catch (err) {
    const problem = userError(err);
    if (!problem) throw err;
    return { problem };
  }
}
