// The dashboard's typed client for the API routes it calls from the browser. Every
// answer that is not 2xx becomes an ApiProblem carrying the server's `{"error","detail"}`
// (and the field list of an ingest error), so components show the server's own words.

import type { WhatIfAnswer } from 'lib/server/whatif';
import type { Changes } from 'lib/ingest/whatif';
import type { TraceQuery } from 'lib/engine/types';

export interface ProblemBody {
  readonly error: string;
  readonly detail: string;
  readonly field?: string;
  readonly problems?: readonly {
    readonly field?: string;
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

async function send<T>(path: string, init: RequestInit): Promise<T> {
  const res = await fetch(path, {
    ...init,
    headers: { 'content-type': 'application/json', ...init.headers },
  });
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
  return send<WhatIfAnswer>('/api/whatif', {
    method: 'POST',
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}
