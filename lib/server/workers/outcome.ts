// A worker's answer crosses threads by structured clone, which keeps an Error's message
// but not its class or fields. So a task answers with its value or a description of the
// failure, and the main thread rebuilds the same error (IngestError with file/document/
// field, ApiError with its status) for the routes' one error mapping (http.ts).

import { IngestError, IngestErrors, type IngestErrorData } from '../../ingest/errors';
import { ApiError, type ApiErrorStatus } from '../errors';

export type Failure =
  | { readonly type: 'ingest'; readonly errors: readonly (IngestErrorData & { message: string })[] }
  | {
      readonly type: 'api';
      readonly status: ApiErrorStatus;
      readonly error: string;
      readonly detail: string;
      readonly extra: Record<string, unknown>;
      readonly retryAfterSeconds?: number;
    }
  | { readonly type: 'other'; readonly name: string; readonly message: string };

export type Outcome<T> = { readonly value: T } | { readonly failure: Failure };

export function describeFailure(err: unknown): Failure {
  if (err instanceof IngestErrors) return { type: 'ingest', errors: err.errors.map((e) => e.toJSON()) };
  if (err instanceof IngestError) return { type: 'ingest', errors: [err.toJSON()] };
  if (err instanceof ApiError)
    return {
      type: 'api',
      status: err.status,
      error: err.message,
      detail: err.detail,
      extra: { ...err.extra },
      ...(err.retryAfterSeconds === undefined ? {} : { retryAfterSeconds: err.retryAfterSeconds }),
    };
  const e = err instanceof Error ? err : new Error(String(err));
  return { type: 'other', name: e.name, message: e.message };
}

export async function outcomeOf<T>(run: () => T | Promise<T>): Promise<Outcome<T>> {
  try {
    return { value: await run() };
  } catch (err) {
    return { failure: describeFailure(err) };
  }
}

export function rebuildFailure(failure: Failure): Error {
  if (failure.type === 'ingest') {
    const errors = failure.errors.map(({ message, ...data }) => new IngestError(data, message));
    return errors.length === 1 ? errors[0]! : new IngestErrors(errors);
  }
  if (failure.type === 'api')
    return new ApiError(
      failure.status,
      failure.error,
      failure.detail,
      failure.extra,
      failure.retryAfterSeconds,
    );
  const e = new Error(failure.message);
  // Named engine input errors (EndpointError, UsageError) are recognised by name in http.ts.
  e.name = failure.name;
  return e;
}
