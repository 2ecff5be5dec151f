// Request-body validation for the share and snapshot API routes. A failed parse is a 400
// `{"error","detail"}` naming the field; a body over the limit is a 413.

import { z } from 'zod';
import { ApiError } from './errors';
import { methodParam, sourceParam } from './validate';

const MAX_BODY_BYTES = 64 * 1024;

const port = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(1).max(65535));
const size = z.union([z.number(), z.string().regex(/^\d+$/).transform(Number)]).pipe(z.number().int().min(40).max(65535));

export const shareQuerySchema = z.object({
  from: z.string().trim().min(1).max(500),
  to: z.string().trim().min(1).max(500),
  port: port.optional(),
  protocol: z
    .string()
    .transform((p) => p.toUpperCase())
    .pipe(z.enum(['TCP', 'UDP', 'SCTP']))
    .optional(),
  size: size.optional(),
  // The HTTP request of a URL trace (method, HTTPRoute-matched headers), frozen with the link.
  method: methodParam.optional(),
  headers: z.record(z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/).max(200), z.string().max(1000)).optional(),
});

export const createShareSchema = z.object({
  source: sourceParam,
  query: shareQuerySchema,
  view: z
    .record(z.string().max(64), z.union([z.string().max(500), z.number(), z.boolean()]).transform(String))
    .refine((v) => Object.keys(v).length <= 20, 'at most 20 view entries')
    .default({}),
  title: z.string().trim().max(200).optional(),
  note: z.string().trim().max(2000).optional(),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});

export const saveSnapshotSchema = z.object({
  source: sourceParam,
  name: z.string().trim().min(1).max(200).optional(),
});

/** Reads a JSON body and validates it; errors name the first bad field. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.output<S>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > MAX_BODY_BYTES) throw new ApiError(413, 'body too large', `the limit is ${MAX_BODY_BYTES} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid body', 'expected a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') || 'body';
  const why = issue?.code === 'invalid_type' && issue.input === undefined ? 'is required' : (issue?.message ?? 'is invalid');
  throw new ApiError(400, 'invalid body', `${field}: ${why}`, { field });
}
