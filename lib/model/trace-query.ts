// The trace query: one definition for the CLI's flags, the API's query string and JSON
// bodies, share links and the pages. A query has two spellings: JSON (`headers` is an
// object, numbers may be numbers) and URL (`header` repeats, one `Name: value` line
// each, as the CLI's `--header` and the form's text area give them). Both parse through
// the same field schemas, report every bad field (not only the first) as
// `{field, message}`, and the URL codec below is the only place a query becomes a query
// string and back (trace, tour and what-if links).

import { z } from 'zod';
import { PROTOCOLS, type Protocol } from './types';

// The schema also runs in the browser (trace, tour and what-if links), under a CSP without
// 'unsafe-eval'. Zod's object fast path probes `new Function` once, which the browser reports
// as a CSP violation even though Zod catches it; jitless parsing never probes.
z.config({ jitless: true });

/** Whether NetworkPolicy ipBlocks match pod addresses (contracts/cli.md `--ipblock-pods`). */
export const IPBLOCK_PODS_MODES = ['match', 'outside'] as const;
export type IpBlockPodsMode = (typeof IPBLOCK_PODS_MODES)[number];

export interface TraceQuery {
  readonly from: string;
  readonly to: string;
  readonly port?: number;
  readonly protocol?: Protocol;
  /** IP packet size checked against every hop's MTU; absent = the source interface's MTU. */
  readonly size?: number;
  /** HTTP method of a URL trace (default GET). */
  readonly method?: string;
  /** HTTP request headers of a URL trace, matched by HTTPRoute rules. */
  readonly headers?: Readonly<Record<string, string>>;
  /** Whether NetworkPolicy ipBlocks match pod addresses; absent = decided from the detected CNI. */
  readonly ipblockPods?: IpBlockPodsMode;
}

/** A field of a query and what is wrong with it: the shape the API answers and the form highlights. */
export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: readonly FieldProblem[] };

export const TRACE_LIMITS = {
  port: { min: 1, max: 65535 },
  // Smallest IPv4 packet that carries a TCP header, up to the largest IP datagram.
  size: { min: 40, max: 65535 },
  endpoint: { max: 500 },
  method: { max: 32 },
  headers: { max: 32, nameMax: 200, lineMax: 1000 },
} as const;

/** RFC 9110 token: what an HTTP method or a header name is made of. */
export const HTTP_TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

const ENDPOINT_HINT =
  'pod:NS/NAME, svc:NS/NAME, deploy:NS/NAME, sts:, ds:, rs:, job:, node:NAME, ip:ADDRESS or a URL';

const endpoint = z
  .string({ error: (i) => (i.input === undefined ? `is required (${ENDPOINT_HINT})` : 'must be text') })
  .trim()
  .min(1, `is required (${ENDPOINT_HINT})`)
  .max(TRACE_LIMITS.endpoint.max, `must be at most ${TRACE_LIMITS.endpoint.max} characters`)
  .meta({ description: `An ENDPOINT: ${ENDPOINT_HINT}` });

/** A whole number in [min, max], given as a number (JSON) or its decimal digits (URL, CLI). */
function wholeNumber(min: number, max: number) {
  const message = `must be a whole number from ${min} to ${max}`;
  return z.union([z.number(), z.string()], { error: message }).transform((v, ctx) => {
    const digits = String(v).trim();
    const n = Number(digits);
    if (!/^\d+$/.test(digits) || n < min || n > max) {
      ctx.addIssue({ code: 'custom', message });
      return z.NEVER;
    }
    return n;
  });
}

const protocolMessage = `must be one of ${PROTOCOLS.join(', ')}`;
const protocol = z
  .string({ error: protocolMessage })
  .transform((p, ctx): Protocol => {
    const upper = p.trim().toUpperCase();
    const known = PROTOCOLS.find((x) => x === upper);
    if (!known) {
      ctx.addIssue({ code: 'custom', message: `${protocolMessage} (not "${p.slice(0, 40)}")` });
      return z.NEVER;
    }
    return known;
  })
  // `enum` reaches the generated JSON Schema (OpenAPI) as written; parsing is case-insensitive.
  .meta({ description: 'Transport protocol (case-insensitive; default TCP)', enum: [...PROTOCOLS] });

const method = z
  .string({ error: 'must be an HTTP method such as GET or POST' })
  .trim()
  .max(TRACE_LIMITS.method.max, `must be at most ${TRACE_LIMITS.method.max} characters`)
  .regex(HTTP_TOKEN, 'must be an HTTP method such as GET or POST')
  .transform((m) => m.toUpperCase());

const ipblockPods = z.enum(IPBLOCK_PODS_MODES, { error: `must be one of ${IPBLOCK_PODS_MODES.join(', ')}` });

const headerMap = z
  .record(
    z.string().regex(HTTP_TOKEN, 'header names are HTTP tokens').max(TRACE_LIMITS.headers.nameMax),
    z.string().max(TRACE_LIMITS.headers.lineMax),
  )
  .refine((h) => Object.keys(h).length <= TRACE_LIMITS.headers.max, {
    message: `at most ${TRACE_LIMITS.headers.max} headers`,
  });

/**
 * `Name: value` lines (one per value, or several in one value separated by newlines, as a
 * text area sends them) into a header map; blank lines are skipped. Each bad line is one
 * problem naming it.
 */
const headerLines = z
  .union([z.string(), z.array(z.string())], { error: "must be 'Name: value' lines" })
  .transform((raw, ctx) => {
    const lines = (Array.isArray(raw) ? raw : [raw])
      .flatMap((v) => v.split(/\r?\n/))
      .map((l) => l.trim())
      .filter(Boolean);
    if (lines.length > TRACE_LIMITS.headers.max) {
      ctx.addIssue({ code: 'custom', message: `at most ${TRACE_LIMITS.headers.max} headers` });
      return z.NEVER;
    }
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = colon > 0 ? line.slice(0, colon).trim() : '';
      if (
        !HTTP_TOKEN.test(name) ||
        name.length > TRACE_LIMITS.headers.nameMax ||
        line.length > TRACE_LIMITS.headers.lineMax
      )
        ctx.addIssue({ code: 'custom', message: `"${line.slice(0, 80)}" is not 'Name: value'` });
      else headers[name] = line.slice(colon + 1).trim();
    }
    return headers;
  })
  .meta({ description: "HTTP request header of a URL trace, 'Name: value' (repeatable)" });

const commonShape = {
  from: endpoint.meta({ description: `Where the packet starts: ${ENDPOINT_HINT}` }),
  to: endpoint.meta({ description: `Where the packet goes: ${ENDPOINT_HINT}` }),
  port: wholeNumber(TRACE_LIMITS.port.min, TRACE_LIMITS.port.max).optional().meta({
    description: 'Destination port',
    minimum: TRACE_LIMITS.port.min,
    maximum: TRACE_LIMITS.port.max,
  }),
  protocol: protocol.optional(),
  size: wholeNumber(TRACE_LIMITS.size.min, TRACE_LIMITS.size.max).optional().meta({
    description: "IP packet size in bytes checked against every hop's MTU",
    minimum: TRACE_LIMITS.size.min,
    maximum: TRACE_LIMITS.size.max,
  }),
  method: method.optional().meta({ description: 'HTTP method of a URL trace (default GET)' }),
  ipblockPods: ipblockPods
    .optional()
    .meta({ description: 'Whether ipBlocks match pod addresses; absent = decided from the detected CNI' }),
};

/** The JSON spelling (share and what-if bodies): `headers` is an object. */
export const traceQuerySchema = z.object({
  ...commonShape,
  headers: headerMap.optional().meta({ description: 'HTTP request headers of a URL trace' }),
});

/** The URL spelling (query string, CLI flags): `header` is a list of `Name: value` lines. */
export const traceQueryParamsShape = { ...commonShape, header: headerLines.optional() };
export const traceQueryParamsSchema = z.object(traceQueryParamsShape);

/** `changes.apply[2].kind`: a field path as the ingest errors print one. */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
}

/** Every issue of a failed parse as `{field, message}`, in the schema's field order. */
export function fieldProblems(error: z.ZodError, whole = 'query'): FieldProblem[] {
  return error.issues.map((issue) => ({
    field: fieldPath(issue.path) || whole,
    message:
      // zod's own wording for a missing member; a schema's own message stays.
      issue.code === 'invalid_type' && issue.input === undefined && /^Invalid input/.test(issue.message)
        ? 'is required'
        : issue.message,
  }));
}

/** Drops absent and empty members so two spellings of one query compare (and store) equal. */
export function canonicalTraceQuery(q: TraceQuery): TraceQuery {
  return {
    from: q.from,
    to: q.to,
    ...(q.port !== undefined ? { port: q.port } : {}),
    ...(q.protocol !== undefined ? { protocol: q.protocol } : {}),
    ...(q.size !== undefined ? { size: q.size } : {}),
    ...(q.method !== undefined ? { method: q.method } : {}),
    ...(q.headers && Object.keys(q.headers).length ? { headers: { ...q.headers } } : {}),
    ...(q.ipblockPods !== undefined ? { ipblockPods: q.ipblockPods } : {}),
  };
}

/** A trace query in its JSON spelling. */
export function parseTraceQuery(input: unknown): ParseResult<TraceQuery> {
  const result = traceQuerySchema.safeParse(input);
  return result.success
    ? { ok: true, value: canonicalTraceQuery(result.data) }
    : { ok: false, problems: fieldProblems(result.error) };
}

/** The URL parameters a query may use, in the order links write them. */
export const TRACE_PARAMS = [
  'from',
  'to',
  'port',
  'protocol',
  'size',
  'method',
  'header',
  'ipblockPods',
] as const;

/** Read access to query-string-like input: URLSearchParams, or Next's `searchParams` record. */
export type ParamsInput = URLSearchParams | Readonly<Record<string, string | readonly string[] | undefined>>;

/** Every non-empty value of one parameter. */
export function paramValues(input: ParamsInput, key: string): string[] {
  const raw = input instanceof URLSearchParams ? input.getAll(key) : input[key];
  const values = raw === undefined ? [] : typeof raw === 'string' ? [raw] : [...raw];
  return values.filter((v) => v.trim() !== '');
}

/** A parameter's first non-empty value: a query string that repeats `port` means the first. */
export function paramValue(input: ParamsInput, key: string): string | undefined {
  return paramValues(input, key)[0];
}

/** The raw trace fields of a query string (empty values count as absent). */
export function traceParamsOf(input: ParamsInput): Record<string, string | string[]> {
  const raw: Record<string, string | string[]> = {};
  for (const key of TRACE_PARAMS) {
    if (key === 'header') {
      const lines = paramValues(input, key);
      if (lines.length) raw.header = lines;
    } else {
      const value = paramValue(input, key);
      if (value !== undefined) raw[key] = value;
    }
  }
  return raw;
}

/** A trace query from a query string (or the CLI's flags spelled as one). */
export function decodeTraceQuery(input: ParamsInput): ParseResult<TraceQuery> {
  const result = traceQueryParamsSchema.safeParse(traceParamsOf(input));
  if (!result.success) return { ok: false, problems: fieldProblems(result.error) };
  const { header, ...rest } = result.data;
  return { ok: true, value: canonicalTraceQuery({ ...rest, ...(header ? { headers: header } : {}) }) };
}

/** The query string of a trace query; `decodeTraceQuery` reads it back to an equal query. */
export function encodeTraceQuery(query: TraceQuery, into = new URLSearchParams()): URLSearchParams {
  into.set('from', query.from);
  into.set('to', query.to);
  if (query.port !== undefined) into.set('port', String(query.port));
  if (query.protocol) into.set('protocol', query.protocol);
  if (query.size !== undefined) into.set('size', String(query.size));
  if (query.method) into.set('method', query.method);
  for (const [name, value] of Object.entries(query.headers ?? {})) into.append('header', `${name}: ${value}`);
  if (query.ipblockPods) into.set('ipblockPods', query.ipblockPods);
  return into;
}

/** `/PATH?source=...&from=...`: a page link over a source and (optionally) a query, plus extra parameters. */
export function queryHref(
  path: string,
  source: string,
  query?: TraceQuery,
  extra: Readonly<Record<string, string | number | undefined>> = {},
): string {
  const params = new URLSearchParams({ source });
  if (query) encodeTraceQuery(query, params);
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) params.set(key, String(value));
  return `${path}?${params.toString()}`;
}
