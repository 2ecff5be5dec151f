// Query-string validation for the API routes and pages. Each schema names the
// parameters of one route; a failed parse becomes a 400 `{"error","detail"}` that
// says which parameter is wrong and why.

import { z } from 'zod';
import { SOURCE_ID_HINT, SOURCE_ID_PATTERN } from '../model/source-id';
import { ApiError } from './errors';

const text = (max: number) => z.string().trim().min(1).max(max);
const intIn = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'expected a whole number')
    .transform(Number)
    .pipe(z.number().int().min(min).max(max));

export const sourceParam = z.string().trim().max(240).regex(SOURCE_ID_PATTERN, SOURCE_ID_HINT);

export const protocolParam = z
  .string()
  .trim()
  .transform((p) => p.toUpperCase())
  // An unknown protocol is an error, never silently TCP.
  .pipe(z.enum(['TCP', 'UDP', 'SCTP'], { error: 'expected TCP, UDP or SCTP' }));

/** RFC 9110 token: what an HTTP method or a header name is made of (as the CLI checks). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const methodParam = z
  .string()
  .trim()
  .max(32)
  .regex(TOKEN, 'expected an HTTP method such as GET or POST')
  .transform((m) => m.toUpperCase());

/** Whether NetworkPolicy ipBlocks match pod addresses (contracts/cli.md `--ipblock-pods`); absent = from the CNI. */
export const ipblockPodsParam = z.enum(['match', 'outside']);

export const traceQuerySchema = z.object({
  source: sourceParam.optional(),
  from: text(500),
  to: text(500),
  port: intIn(1, 65535).optional(),
  protocol: protocolParam.optional(),
  // Smallest IPv4 packet that carries a TCP header up to the largest IP datagram.
  size: intIn(40, 65535).optional(),
  // HTTP request of a URL trace; headers come from the repeatable `header` parameter.
  method: methodParam.optional(),
  ipblockPods: ipblockPodsParam.optional(),
});

const MAX_HEADERS = 32;

/**
 * `Name: value` lines (one per `header` parameter, or several in one value separated by
 * newlines, as the form's text area sends them) into a header map; blank lines are skipped.
 * Throws a 400 ApiError naming the bad line.
 */
export function parseHeaderLines(values: readonly string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  const lines = values
    .flatMap((v) => v.split(/\r?\n/))
    .map((l) => l.trim())
    .filter(Boolean);
  if (lines.length > MAX_HEADERS)
    throw new ApiError(400, 'invalid query', `header: at most ${MAX_HEADERS} headers`, { param: 'header' });
  for (const line of lines) {
    const colon = line.indexOf(':');
    const name = colon > 0 ? line.slice(0, colon).trim() : '';
    if (!TOKEN.test(name) || line.length > 1000) {
      throw new ApiError(400, 'invalid query', `header: "${line.slice(0, 80)}" is not 'Name: value'`, {
        param: 'header',
      });
    }
    headers[name] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** Every value of one parameter (paramsOf keeps only the first). */
export function allValues(input: Parameters<typeof paramsOf>[0], key: string): string[] {
  if (input instanceof URL) return input.searchParams.getAll(key);
  if (input instanceof URLSearchParams) return input.getAll(key);
  const raw = input[key];
  return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
}

/** The trace query of a URL: the schema's fields plus `header` lines as `headers`. */
export function parseTraceQuery(
  input: Parameters<typeof paramsOf>[0],
): z.output<typeof traceQuerySchema> & { headers?: Record<string, string> } {
  const query = parseQuery(traceQuerySchema, input);
  const headers = parseHeaderLines(allValues(input, 'header'));
  return Object.keys(headers).length ? { ...query, headers } : query;
}

export const reachQuerySchema = z.object({
  source: sourceParam.optional(),
  granularity: z.enum(['workload', 'pod']).default('workload'),
  namespace: text(253).optional(),
  ipblockPods: ipblockPodsParam.optional(),
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

/**
 * Parses and validates, or throws a 400 ApiError naming every bad parameter (`detail`
 * lists them all; `param` is the first, `params` all of them, for a form to highlight).
 */
export function parseQuery<S extends z.ZodType>(
  schema: S,
  input: Parameters<typeof paramsOf>[0],
): z.output<S> {
  const result = schema.safeParse(paramsOf(input));
  if (result.success) return result.data;
  const problems = new Map<string, string>();
  for (const issue of result.error.issues) {
    const param = issue.path.join('.') || 'query';
    const why = issue.code === 'invalid_type' && issue.input === undefined ? 'is required' : issue.message;
    if (!problems.has(param)) problems.set(param, why);
  }
  const params = [...problems.keys()];
  const detail = [...problems].map(([p, why]) => `${p}: ${why}`).join('; ');
  throw new ApiError(400, 'invalid query', detail, { param: params[0], params });
}
