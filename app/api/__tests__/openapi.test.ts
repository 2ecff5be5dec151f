// /api/openapi.json answers with an OpenAPI 3.x document that covers every route under
// app/api: the test walks the directory, so a new route without documentation fails here.

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { GET } from '../openapi.json/route';

const apiDir = join(import.meta.dirname, '..');

/** `app/api/shares/[id]/route.ts` → `/api/shares/{id}`, with the HTTP methods it exports. */
function routesOnDisk(): Map<string, string[]> {
  const routes = new Map<string, string[]>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name === 'route.ts') {
        const rel = relative(apiDir, dir).split(sep).join('/');
        const url = `/api/${rel}`.replace(/\[([^\]]+)\]/g, '{$1}');
        const source = readFileSync(path, 'utf8');
        const methods = [
          ...source.matchAll(/export\s+(?:const|(?:async\s+)?function)\s+(GET|POST|PUT|PATCH|DELETE)\b/g),
        ].map((m) => m[1]!.toLowerCase());
        routes.set(url, methods);
      }
    }
  };
  walk(apiDir);
  return routes;
}

type Doc = {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<
    string,
    Record<string, { parameters?: { name: string; required: boolean }[]; requestBody?: unknown }>
  >;
  components: { schemas: Record<string, unknown> };
};

describe('GET /api/openapi.json', async () => {
  const res = GET();
  const doc = (await res.json()) as Doc;

  it('answers 200 JSON with an OpenAPI 3.x document', () => {
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info.title).toBe('packetpath API');
    expect(doc.info.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('is valid against the OpenAPI 3.1 schema', async () => {
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('documents every route and method under app/api, and nothing that is not there', () => {
    const disk = routesOnDisk();
    expect(disk.size).toBeGreaterThan(10);
    for (const [path, methods] of disk) {
      expect(methods.length, `${path} exports no HTTP method`).toBeGreaterThan(0);
      expect(doc.paths[path], `${path} is not in the OpenAPI document`).toBeDefined();
      expect(Object.keys(doc.paths[path]!).sort(), path).toEqual([...methods].sort());
    }
    expect(Object.keys(doc.paths).sort()).toEqual([...disk.keys()].sort());
  });

  it('takes parameters and bodies from the zod schemas the routes validate with', () => {
    const trace = doc.paths['/api/trace']!.get!;
    const params = Object.fromEntries((trace.parameters ?? []).map((p) => [p.name, p]));
    expect(Object.keys(params)).toEqual(
      expect.arrayContaining([
        'source',
        'from',
        'to',
        'port',
        'protocol',
        'size',
        'method',
        'header',
        'ipblockPods',
      ]),
    );
    expect(params.from!.required).toBe(true);
    expect(params.port!.required).toBe(false);
    expect(JSON.stringify(params.ipblockPods)).toContain('"enum":["match","outside"]');
    expect(params.protocol).toMatchObject({ schema: { enum: ['SCTP', 'TCP', 'UDP'] } });
    const share = JSON.stringify(doc.paths['/api/shares']!.post!.requestBody);
    expect(share).toContain('"required":["source","query"]');
    expect(share).toContain('"headers"');
    expect(doc.paths['/api/snapshots/{id}']!.delete!.parameters!.map((p) => p.name)).toEqual([
      'id',
      'purpose',
    ]);
    expect(doc.components.schemas.Problem).toMatchObject({ required: ['error', 'detail'] });
  });
});
