// The OpenAPI 3.1 document of the HTTP API (served at /api/openapi.json). Parameters and
// request bodies are generated from the very zod schemas the routes validate with
// (z.toJSONSchema, input side: what a client sends), so the document cannot drift from
// what the server accepts. Answers are described by the contract (shared/contracts/http.md);
// every error is the contract's `{"error","detail"}`, with the bad fields in `problems`.

import { z } from 'zod';
import pkg from '../../package.json' with { type: 'json' };
import { createShareSchema, saveSnapshotSchema, whatIfSchema } from './request-body';
import {
  endpointsQuerySchema,
  lintQuerySchema,
  objectQuerySchema,
  reachQuerySchema,
  snapshotDeleteQuerySchema,
  snapshotRenameBodySchema,
  snapshotDiffQuerySchema,
  traceRouteSchema,
} from './validate';
import { traceQueryParamsShape } from '../model/trace-query';

type JsonSchema = Record<string, unknown>;
type Method = 'get' | 'post' | 'delete' | 'patch';

interface Operation {
  readonly summary: string;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  /** Non-JSON request bodies (uploads), described by hand: they are not parsed by a zod schema. */
  readonly rawBody?: JsonSchema;
  readonly ok: { readonly status: number; readonly description: string; readonly media?: string };
  /** Error statuses this operation answers besides 400 (e.g. 404, 413, 503). */
  readonly errors?: readonly number[];
}

const ERROR_TEXT: Readonly<Record<number, string>> = {
  400: 'Bad request: the fields that are wrong, each named',
  401: 'Not signed in (when the dashboard is protected by a token)',
  404: 'Unknown id or source',
  413: 'Body over the documented size limit',
  415: 'Unsupported media type',
  422: 'The input parsed but cannot be used',
  429: 'Too many uploads at once; retry after the Retry-After seconds',
  503: 'Not ready (the store or the source is not answering)',
};

const idParam = { name: 'id', in: 'path', required: true, schema: { type: 'string' } } as const;

/** The trace query's URL parameters (no source): what a diff takes to focus on one path. */
const traceQueryOnly = z.object(traceQueryParamsShape);

const ROUTES: Readonly<Record<string, Partial<Record<Method, Operation>>>> = {
  '/api/sources': {
    get: {
      summary: 'The sources a request can work on',
      ok: { status: 200, description: '`{"sources": [...]}`' },
    },
    post: {
      summary: 'Upload a dump or manifests',
      rawBody: {
        'multipart/form-data': {
          schema: { type: 'object', additionalProperties: { type: 'string', format: 'binary' } },
        },
        'application/yaml': { schema: { type: 'string' } },
        'application/json': { schema: {} },
      },
      ok: { status: 201, description: '`{"id": "upload:...", "title", "objectCount", "removed"}`' },
      errors: [413, 415, 429],
    },
  },
  '/api/trace': {
    get: {
      summary: 'The packet path from one endpoint to another (`packetpath trace -o json`)',
      query: traceRouteSchema,
      ok: { status: 200, description: "The CLI's `trace --format json` object" },
      errors: [404],
    },
  },
  '/api/reach': {
    get: {
      summary: 'Which peer may connect to which (`packetpath reach -o json`)',
      query: reachQuerySchema,
      ok: { status: 200, description: '`{"pairs": [{"from", "to", "conn"}]}`' },
      errors: [404],
    },
  },
  '/api/lint': {
    get: {
      summary: 'Snapshot-wide findings (`packetpath lint -o json`)',
      query: lintQuerySchema,
      ok: { status: 200, description: '`{"findings": [...]}`' },
      errors: [404],
    },
  },
  '/api/endpoints': {
    get: {
      summary: 'Endpoints matching a search, for the pickers',
      query: endpointsQuerySchema,
      ok: { status: 200, description: 'Matching endpoints' },
      errors: [404],
    },
  },
  '/api/objects': {
    get: {
      summary: 'One object of a source, redacted as the store keeps it',
      query: objectQuerySchema,
      ok: { status: 200, description: 'The object' },
      errors: [404],
    },
  },
  '/api/whatif': {
    post: {
      summary: 'What a change does to a trace, to reachability and to lint',
      body: whatIfSchema,
      ok: { status: 200, description: '`{"trace"?: {"before", "after"}, "reach", "lint"}`' },
      errors: [404, 413],
    },
  },
  '/api/shares': {
    post: {
      summary: 'Freeze the state with a trace query as a share link',
      body: createShareSchema,
      ok: { status: 201, description: '`{"id", "url": "/s/ID", "removed"}`' },
      errors: [404, 413],
    },
  },
  '/api/shares/{id}': {
    get: {
      summary: 'A share link: its frozen source metadata, query, view and trace',
      ok: { status: 200, description: '`{"id", "createdAt", "source", "query", "view", "trace"}`' },
      errors: [404],
    },
  },
  '/api/snapshots': {
    get: { summary: 'Saved snapshots', ok: { status: 200, description: '`{"snapshots": [...]}`' } },
    post: {
      summary: 'Save the current state of a source',
      body: saveSnapshotSchema,
      ok: { status: 201, description: 'The saved snapshot summary' },
      errors: [404, 413],
    },
  },
  '/api/snapshots/{id}': {
    get: {
      summary: 'A saved snapshot or upload summary',
      ok: { status: 200, description: 'The summary' },
      errors: [404],
    },
    delete: {
      summary: 'Remove an upload or saved snapshot (share links made from it keep working)',
      query: snapshotDeleteQuerySchema,
      ok: { status: 204, description: 'Removed' },
      errors: [404],
    },
    patch: {
      summary: 'Rename an upload (or, with purpose "snapshot", a saved snapshot)',
      body: snapshotRenameBodySchema,
      ok: { status: 200, description: 'The renamed entry' },
      errors: [400, 404],
    },
  },
  '/api/snapshots/{id}/download': {
    get: {
      summary: 'The snapshot file the CLI reads as INPUT',
      ok: { status: 200, description: 'The snapshot', media: 'application/json' },
      errors: [404],
    },
  },
  '/api/snapshots/diff': {
    get: {
      summary: 'What differs between two states, optionally along one path',
      query: snapshotDiffQuerySchema.extend(traceQueryOnly.partial().shape),
      ok: { status: 200, description: 'The object and path differences' },
      errors: [404],
    },
  },
  '/api/live': {
    get: {
      summary: 'The live source status',
      ok: { status: 200, description: '`{"enabled": false}` or its sync state' },
    },
  },
  '/api/health/live': {
    get: { summary: 'The process is up', ok: { status: 200, description: '`{"status": "ok"}`' } },
  },
  '/api/health/ready': {
    get: {
      summary: 'The source is loaded and the store answers',
      ok: { status: 200, description: '`{"status": "ready", ...}`' },
      errors: [503],
    },
  },
  '/api/openapi.json': {
    get: { summary: 'This document', ok: { status: 200, description: 'OpenAPI 3.1' } },
  },
};

/** The wire format of every error (http.md), generated like the rest. */
const problemSchema = z.object({
  error: z.string().meta({ description: 'What went wrong, in a few words' }),
  detail: z
    .string()
    .meta({ description: 'Why, naming the field: `port: must be a whole number from 1 to 65535`' }),
  param: z.string().optional().meta({ description: 'The first bad query parameter' }),
  field: z.string().optional().meta({ description: 'The first bad body field' }),
  problems: z
    .array(z.object({ field: z.string().optional(), message: z.string() }).passthrough())
    .optional()
    .meta({ description: 'Every bad field, in order' }),
});

const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    io: 'input',
    unrepresentable: 'any',
  }) as JsonSchema;
  return rest;
};

function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = toSchema(schema) as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(json.properties ?? {}).map(([name, property]) => {
    const { description, ...rest } = property;
    return {
      name,
      in: 'query',
      required: json.required?.includes(name) ?? false,
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
      // `header` repeats: `header=A: 1&header=B: 2`.
      ...(name === 'header' ? { style: 'form', explode: true } : {}),
    };
  });
}

function operation(path: string, method: Method, op: Operation): JsonSchema {
  const errorStatuses = [...new Set([400, 401, ...(op.errors ?? [])])].sort();
  const responses: Record<string, unknown> = {
    [op.ok.status]: {
      description: op.ok.description,
      ...(op.ok.status === 204 ? {} : { content: { [op.ok.media ?? 'application/json']: { schema: {} } } }),
    },
  };
  for (const status of errorStatuses)
    responses[status] = {
      description: ERROR_TEXT[status] ?? 'Error',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  const parameters = [
    ...(path.includes('{id}') ? [idParam] : []),
    ...(op.query ? queryParameters(op.query) : []),
  ];
  return {
    operationId: `${method}${path.replace(/^\/api/, '').replace(/[^A-Za-z0-9]+(.)?/g, (_, c?: string) => (c ?? '').toUpperCase())}`,
    summary: op.summary,
    ...(parameters.length ? { parameters } : {}),
    ...(op.body
      ? { requestBody: { required: true, content: { 'application/json': { schema: toSchema(op.body) } } } }
      : {}),
    ...(op.rawBody ? { requestBody: { required: true, content: op.rawBody } } : {}),
    responses,
  };
}

let cached: JsonSchema | undefined;

/** The document; built once per process (the schemas do not change at run time). */
export function openApiDocument(): JsonSchema {
  if (cached) return cached;
  const paths: Record<string, Record<string, JsonSchema>> = {};
  for (const [path, methods] of Object.entries(ROUTES)) {
    paths[path] = {};
    for (const [method, op] of Object.entries(methods) as [Method, Operation][])
      paths[path][method] = operation(path, method, op);
  }
  cached = {
    openapi: '3.1.0',
    info: {
      title: 'packetpath API',
      version: pkg.version,
      description:
        "The dashboard's API: the same JSON as the packetpath CLI, from the same engine functions. " +
        'SOURCE ids: scenario:SLUG, upload:ID, snapshot:ID, live, share:ID.',
      license: { name: pkg.license, identifier: pkg.license },
    },
    paths,
    components: { schemas: { Problem: toSchema(problemSchema) } },
  };
  return cached;
}
