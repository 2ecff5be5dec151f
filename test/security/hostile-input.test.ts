// Hostile files through the CLI and the upload API alike: a YAML alias bomb, 10,000-deep
// nesting (YAML and JSON), duplicate keys (YAML and JSON), NUL bytes and their escapes, bytes that are not UTF-8, numbers
// out of range and wrong types each end in a clear error that names the file (and where
// known the document, line or field): exit status 2 with one line on stderr, or a 4xx
// JSON answer; never a stack trace, an "internal error" or a 500.

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../bin/cli/main';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'pp-hostile-'));
beforeAll(() => {
  process.env.PACKETPATH_DATA_DIR = join(dir, 'data');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const service = (port: string) =>
  `{"apiVersion":"v1","kind":"Service","metadata":{"name":"s","namespace":"d"},"spec":{"ports":[{"port":${port}}]}}`;
const laughs = ['a: &a [x,x,x,x,x,x,x,x,x]']
  .concat(
    ['b', 'c', 'd', 'e', 'f', 'g'].map(
      (k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdef'[i]}`).join(',')}]`,
    ),
  )
  .join('\n');

const cases: Array<{ name: string; bytes: Buffer; says: RegExp }> = [
  {
    name: 'bomb.yaml',
    bytes: Buffer.from(`${laughs}\nkind: ConfigMap\napiVersion: v1\nmetadata: {name: x}\n`),
    says: /alias/,
  },
  {
    name: 'deep.yaml',
    bytes: Buffer.from(
      `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`,
    ),
    says: /deep/,
  },
  {
    name: 'deep.json',
    bytes: Buffer.from(
      `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"},"data":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`,
    ),
    says: /line 1, column \d+: nested more than 1000 levels deep/,
  },
  {
    name: 'dup.yaml',
    bytes: Buffer.from('apiVersion: v1\nkind: Pod\nkind: Service\nmetadata: {name: a}\n'),
    says: /duplicate|unique/i,
  },
  {
    name: 'nul.yaml',
    bytes: Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: "a\u0000b"}\n'),
    says: /null byte|NUL/i,
  },
  {
    // The API server's strict decoding refuses it too (sigs.k8s.io/json DisallowDuplicateFields).
    name: 'dup.json',
    bytes: Buffer.from('{"apiVersion":"v1","kind":"Pod",\n"metadata":{"name":"a","name":"b"}}'),
    says: /document 1: line 2, column 24: metadata\.name: duplicate key "name"/,
  },
  {
    name: 'nul.json',
    bytes: Buffer.from('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a\u0000b"}}'),
    says: /line 1, column 54: a NUL byte \(U\+0000\)/,
  },
  {
    name: 'nul-escape.json',
    bytes: Buffer.from('{"apiVersion":"v1","kind":"Pod","metadata":{"name":"a\\u0000b"}}'),
    says: /line 1, column 54: metadata\.name: holds a NUL character/,
  },
  {
    name: 'nul-escape.yaml',
    bytes: Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: "a\\0b"}\n'),
    says: /document 1: metadata\.name: holds a NUL character/,
  },
  {
    name: 'latin1.yaml',
    bytes: Buffer.concat([
      Buffer.from('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: caf'),
      Buffer.from([0xe9]),
      Buffer.from('}\n'),
    ]),
    says: /is not UTF-8 text \(invalid byte 0xe9 at offset 51\)/,
  },
  {
    name: 'range.json',
    bytes: Buffer.from(service('1e400')),
    says: /spec\.ports\[0\]\.port: expected an integer, got a number \(Infinity\)/,
  },
  {
    name: 'big.json',
    bytes: Buffer.from(service('70000')),
    says: /spec\.ports\[0\]\.port: 70000 is out of range/,
  },
  { name: 'type.json', bytes: Buffer.from(service('"eighty"')), says: /spec\.ports\[0\]\.port/ },
];

describe('hostile input', () => {
  it.each(cases)('CLI: $name ends with exit 2 and one clear line', async ({ name, bytes, says }) => {
    const file = join(dir, name);
    writeFileSync(file, bytes);
    const { code, stderr } = await runCli(['lint', file, '-o', 'json']);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(file);
    expect(stderr).toMatch(says);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  });

  it.each(cases)('upload API: $name gets a 4xx JSON naming the file', async ({ name, bytes, says }) => {
    const sources = await import('../../app/api/sources/route');
    const type = name.endsWith('.json') ? 'application/json' : 'application/yaml';
    const res = await sources.POST(
      new Request(`http://localhost/api/sources?name=${name}`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: new Uint8Array(bytes),
      }),
    );
    const body = (await res.json()) as { error: string; detail: string; file?: string };
    expect(res.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(body.detail).toContain(name);
    expect(body.detail).toMatch(says);
  });
});

// Huge strings inside every limit: a 2,000,000-character Pod name, a 1,000,000-character
// label value and a 30,000,000-character ConfigMap value. A dump need not come from a
// conforming API server (which would refuse the name and label), so each is either read
// (exit 0, a lint answer) or refused with one clear line naming the file; never a crash.
describe('huge strings', () => {
  const huge: Array<{ name: string; text: string }> = [
    {
      name: 'longname.json',
      text: JSON.stringify({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'x'.repeat(2_000_000), namespace: 'd' },
        spec: { containers: [{ name: 'c', image: 'i' }] },
      }),
    },
    {
      name: 'longlabel.yaml',
      text: `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  namespace: d\n  labels:\n    app: ${'z'.repeat(1_000_000)}\nspec:\n  containers: [{name: c, image: i}]\n`,
    },
    {
      name: 'bigvalue.json',
      text: JSON.stringify({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'c', namespace: 'd' },
        data: { k: 'y'.repeat(30_000_000) },
      }),
    },
  ];

  it.each(huge)(
    'CLI: $name is read or refused in one clear line',
    async ({ name, text }) => {
      const file = join(dir, name);
      writeFileSync(file, text);
      let stderr = '';
      let stdout = '';
      const err = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
      const out = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
      let code: number;
      try {
        code = await main(['lint', file, '-o', 'json']);
      } finally {
        err.mockRestore();
        out.mockRestore();
      }
      expect([0, 2], stderr).toContain(code);
      if (code === 0) expect(JSON.parse(stdout)).toHaveProperty('findings');
      else expect(stderr).toContain(file);
      expect(stderr).not.toMatch(/internal error|\n\s+at /);
    },
    60_000,
  );

  it('upload API: /api/health/live answers while the 30 MB string is parsed in a worker', async () => {
    const sources = await import('../../app/api/sources/route');
    const live = await import('../../app/api/health/live/route');
    const { runningTasks } = await import('../../lib/server/workers/pool');
    let settled = false;
    const pending = sources
      .POST(
        new Request('http://localhost/api/sources?name=bigvalue.json', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: huge[2]!.text,
        }),
      )
      .finally(() => (settled = true));
    await vi.waitFor(() => expect(runningTasks('ingest')).toBe(1), { timeout: 60_000, interval: 2 });
    // The probe needs no I/O: it is answered before any message from the worker can be taken.
    const res = live.GET();
    expect(res.status).toBe(200);
    expect(settled).toBe(false);
    const answer = await pending;
    expect([201, 400, 413]).toContain(answer.status);
  }, 120_000);
});
