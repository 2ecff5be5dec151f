// Request-body validation for the share and snapshot API routes. A failed parse is a 400
// `{"error","detail"}` naming the field; a body over the limit is a 413.

import { z } from 'zod';
import { ApiError } from './errors';
import { sourceParam } from './validate';
import { fieldProblems, traceQuerySchema } from '../model/trace-query';

const MAX_BODY_BYTES = 64 * 1024;
/** What-if bodies carry whole objects (policies, config maps): a larger bound, still a bound. */
export const MAX_CHANGES_BODY_BYTES = 1024 * 1024;

const kindName = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{0,62}$/, 'expected a Kubernetes kind such as NetworkPolicy');
const objectName = z.string().trim().min(1).max(253);

/** One object to apply: enough of its shape to place it; ingest validates the rest, naming the field. */
const appliedObject = z
  .object({
    apiVersion: z.string().trim().min(1).max(253),
    kind: kindName,
    metadata: z.object({ name: objectName, namespace: objectName.optional() }).passthrough(),
  })
  .passthrough();

/** What-if changes as http.md's second edition has them: objects to apply, objects to delete. */
export const changesSchema = z
  .object({
    apply: z.array(appliedObject).max(200).default([]),
    delete: z
      .array(
        z
          .object({
            kind: kindName,
            namespace: objectName.optional(),
            name: objectName,
            apiVersion: z.string().trim().min(1).max(253).optional(),
          })
          .strict(),
      )
      .max(200)
      .default([]),
  })
  .strict()
  .refine((c) => c.apply.length + c.delete.length > 0, 'at least one object to apply or delete');

export const whatIfSchema = z.object({
  source: sourceParam,
  changes: changesSchema,
  query: traceQuerySchema.optional(),
});

export const createShareSchema = z.object({
  source: sourceParam,
  query: traceQuerySchema,
  changes: changesSchema.optional(),
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

/** Reads a JSON body and validates it; errors name every bad field (`problems`), the first in `field`. */
export async function readJsonBody<S extends z.ZodType>(
  request: Request,
  schema: S,
  maxBytes: number = MAX_BODY_BYTES,
): Promise<z.output<S>> {
  const text = await request.text();
  if (Buffer.byteLength(text) > maxBytes)
    throw new ApiError(413, 'body too large', `the limit is ${maxBytes} bytes`);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError(400, 'invalid body', 'expected a JSON object');
  }
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const problems = fieldProblems(result.error, 'body');
  throw new ApiError(400, 'invalid body', problems.map((p) => `${p.field}: ${p.message}`).join('; '), {
    field: problems[0]?.field ?? 'body',
    problems,
  });
}
