// Query-string validation for the API routes and pages. Each schema names the
// parameters of one route; a failed parse becomes a 400 `{"error","detail"}` that
// says which parameter is wrong and why.

import { z } from 'zod';
import { SOURCE_ID_HINT, SOURCE_ID_PATTERN } from '../model/source-id';
import { ApiError } from './errors';
import {
  decodeTraceQuery,
  fieldProblems,
  IPBLOCK_PODS_MODES,
  paramValue,
  traceQueryParamsShape,
  type FieldProblem,
  type ParamsInput,
  type TraceQuery,
} from '../model/trace-query';

const text = (max: number) => z.string().trim().min(1).max(max);
const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const sourceParam = z.string().trim().max(240).regex(SOURCE_ID_PATTERN, SOURCE_ID_HINT);

/** Whether NetworkPolicy ipBlocks match pod addresses (contracts/cli.md `--ipblock-pods`); absent = from the CNI. */
export const ipblockPodsParam = z.enum(IPBLOCK_PODS_MODES);

/** `NAMESPACE/NAME` of one replica of a workload endpoint. */
export const replicaParam = z
  .string()
  .trim()
  .max(320)
  .regex(
    /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?\/[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/,
    'expected NAMESPACE/NAME of a replica pod',
  );

/**
 * The trace route's parameters: a source, the replica of a workload trace to draw instead
 * of the worst one, and the trace query in its URL spelling (lib/model/trace-query).
 */
export const traceRouteSchema = z.object({
  source: sourceParam.optional(),
  replica: replicaParam.optional(),
  ...traceQueryParamsShape,
});

/** The 400 for a query with bad fields: every one of them, in `problems`, the first in `param`. */
export function invalidQuery(problems: readonly FieldProblem[]): ApiError {
  return new ApiError(400, 'invalid query', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
    param: problems[0]?.field ?? 'query',
    problems,
  });
}

/** The trace query of a URL (source included), or a 400 naming every bad parameter. */
export function parseTraceQuery(
  input: ParamsInput | URL,
): TraceQuery & { source?: string; replica?: string } {
  const params = input instanceof URL ? input.searchParams : input;
  const extra = traceExtrasSchema.safeParse({
    source: paramValue(params, 'source'),
    replica: paramValue(params, 'replica'),
  });
  const query = decodeTraceQuery(params);
  const problems = [
    ...(extra.success ? [] : fieldProblems(extra.error)),
    ...(query.ok ? [] : query.problems),
  ];
  if (problems.length || !query.ok || !extra.success) throw invalidQuery(problems);
  const { source, replica } = extra.data;
  return {
    ...(source === undefined ? {} : { source }),
    ...query.value,
    ...(replica === undefined ? {} : { replica }),
  };
}

/** The trace route's parameters beside the query itself. */
const traceExtrasSchema = z.object({ source: sourceParam.optional(), replica: replicaParam.optional() });

export const reachQuerySchema = z.object({
  source: sourceParam.optional(),
  granularity: z.enum(['workload', 'owner', 'pod']).default('workload'),
  namespace: text(253).optional(),
  ipblockPods: ipblockPodsParam.optional(),
});

/**
 * The reach page: peers named by their owner unless asked otherwise, and "who can reach
 * PEER" (`mode=to`) or "what can PEER reach" (`mode=from`), the denied peers on `denied=1`.
 */
export const reachPageQuerySchema = reachQuerySchema.extend({
  granularity: z.enum(['workload', 'owner', 'pod']).default('owner'),
  mode: z.enum(['to', 'from']).optional(),
  peer: text(600).optional(),
  denied: z.enum(['1']).optional(),
});

export const lintQuerySchema = z.object({
  source: sourceParam.optional(),
  ipblockPods: ipblockPodsParam.optional(),
});

export const sourceOnlySchema = z.object({ source: sourceParam.optional() });

export const endpointsQuerySchema = z.object({
  source: sourceParam.optional(),
  q: z.string().trim().max(200).default(''),
  limit: intIn(1, 50).default(20),
});

export const objectQuerySchema = z.object({
  source: sourceParam.optional(),
  kind: text(100).regex(/^[A-Za-z][A-Za-z0-9]*$/, 'expected a Kubernetes kind such as Service'),
  namespace: text(253).optional(),
  name: text(253),
});

/** `DELETE /api/snapshots/ID?purpose=`: which entry to remove. */
export const snapshotDeleteQuerySchema = z.object({ purpose: z.enum(['upload', 'snapshot']).optional() });

const snapshotRef = z
  .string()
  .trim()
  .min(1)
  .max(240)
  .regex(/^[a-z0-9][a-z0-9-]*(?::[A-Za-z0-9._~-]+)?$/, 'expected a snapshot id or a source id');

/** `GET /api/snapshots/diff`: two snapshot (or source) ids, and optionally a trace query to focus on one path. */
export const snapshotDiffQuerySchema = z.object({ a: snapshotRef, b: snapshotRef });

/** Turns URL parameters into a plain object; empty values count as absent. */
export function paramsOf(
  input: URL | URLSearchParams | Readonly<Record<string, string | string[] | undefined>>,
): Record<string, string> {
  const out: Record<string, string> = {};
  const entries =
    input instanceof URL
      ? input.searchParams.entries()
      : input instanceof URLSearchParams
        ? input.entries()
        : Object.entries(input);
  for (const [key, raw] of entries) {
    const value = Array.isArray(raw) ? raw[0] : raw;
    if (typeof value === 'string' && value.trim() !== '' && !(key in out)) out[key] = value;
  }
  return out;
}

/** Parses and validates, or throws a 400 ApiError naming every bad parameter. */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  input: Parameters<typeof paramsOf>[0],
): z.output<S> {
  const result = schema.safeParse(paramsOf(input));
  if (result.success) return result.data;
  throw invalidQuery(fieldProblems(result.error));
}

/** A readable name: one line of printable text. */
export const snapshotRenameBodySchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'a name needs at least one character')
    .max(120, 'a name is at most 120 characters')
    .refine(
      (n) => ![...n].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
      'a name is one line of printable text',
    ),
  purpose: z.enum(['upload', 'snapshot']).default('upload'),
});
