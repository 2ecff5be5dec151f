// With PACKETPATH_AUTH_TOKEN set, nothing but the health probes answers without the token,
// whatever the path looks like: encoded and double-encoded slashes and dots, `..`, trailing
// and doubled slashes, case, HEAD/OPTIONS, Next's `_next` data and image routes, the
// `x-middleware-subrequest` header of the 2025 middleware bypass (CVE-2025-29927,
// https://github.com/vercel/next.js/security/advisories/GHSA-f82v-jwr5-mffw: Next skipped
// middleware when that header named it), and a proxy user header when none is trusted.
// Requests go out byte for byte (node:http), as an attacker's client sends them; an
// answer must neither succeed nor carry any cluster data.

import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { freePort } from './free-port';
import { getScenario } from './helpers';
import { startServer, type OwnServer } from './share-server';

const TOKEN = 'e2e-access-token-7f3a9c';
let server: OwnServer;
let port: number;

test.beforeAll(async () => {
  port = await freePort();
  server = await startServer(port, join(import.meta.dirname, '..', 'e2e-output', `access-${port}`), {
    PACKETPATH_AUTH_TOKEN: TOKEN,
  });
});
test.afterAll(async () => server?.stop());

function raw(
  method: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method, path, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const scenario = getScenario('default-deny-breaks-dns')!;
/** Words only an answer carrying cluster data or the source list would contain. */
const leaks = ['scenario:', scenario.title, 'kube-dns', '"sources"'];

const tricks = [
  '/',
  '/trace',
  '/trace/',
  '//trace',
  '/TRACE',
  '/reach?source=scenario:default-deny-breaks-dns',
  '/api/sources',
  '/api/sources/',
  '//api/sources',
  '/api//sources',
  '/API/SOURCES',
  '/api/%73ources',
  '/api%2fsources',
  '/api%252fsources',
  '/api/sources%2f',
  '/api/sources;.js',
  '/api/sources?x=/_next/static/',
  '/api/health/../sources',
  '/api/health/%2e%2e/sources',
  '/api/health/%252e%252e/sources',
  '/api/health/..%2fsources',
  '/api/health/live/../../sources',
  '/api/health%2f..%2fsources',
  '/api/trace?source=scenario:default-deny-breaks-dns&from=x&to=y',
  '/api/lint?source=scenario:default-deny-breaks-dns',
  '/api/objects?source=scenario:default-deny-breaks-dns&kind=Service&namespace=kube-system&name=kube-dns',
  '/api/shares/AAAAAAAAAAAAAAAAAAAAAA',
  '/api/snapshots',
  '/s/AAAAAAAAAAAAAAAAAAAAAA',
  '/_next/static/../../api/sources',
  '/_next/static/%2e%2e/%2e%2e/api/sources',
  '/_next/static/..%2f..%2fapi%2fsources',
  '/_next/image?url=%2Fapi%2Fsources&w=64&q=75',
  '/_next/data/build/index.json',
  '/_next/data/build/trace.json',
  '/favicon.ico/../api/sources',
  '/index',
  '/page',
  '/trace.rsc',
  '/trace?_rsc=1',
];

test('every page, API route and data route refuses without the token, whatever the path', async () => {
  const failures: string[] = [];
  for (const path of tricks) {
    const res = await raw('GET', path);
    const leaked = leaks.filter((w) => res.body.includes(w));
    // A redirect (Next's 308 to the path without the extra slash) is fine: its target is checked too.
    if ((res.status >= 200 && res.status < 300) || leaked.length)
      failures.push(`${path} → ${res.status}${leaked.length ? ` carrying ${leaked.join(', ')}` : ''}`);
  }
  expect(failures).toEqual([]);
  // The token works (so the refusals above are the check, not a broken server).
  const ok = await raw('GET', '/api/sources', { authorization: `Bearer ${TOKEN}` });
  expect(ok.status).toBe(200);
  expect(ok.body).toContain('scenario:');
});

test('HEAD, OPTIONS and writes refuse without the token too', async () => {
  for (const method of ['HEAD', 'OPTIONS', 'POST', 'PUT', 'DELETE', 'PATCH'])
    for (const path of ['/api/sources', '/api/shares', '/trace', '/api/snapshots/x']) {
      const res = await raw(method, path, method === 'POST' ? { 'content-type': 'application/json' } : {});
      expect(res.status, `${method} ${path}`).toBeGreaterThanOrEqual(400);
      for (const w of leaks) expect(res.body, `${method} ${path}`).not.toContain(w);
    }
  expect((await raw('HEAD', '/api/sources')).status).toBe(401);
  expect((await raw('OPTIONS', '/api/trace')).status).toBe(401);
});

test('the x-middleware-subrequest bypass and an untrusted proxy user header get nothing', async () => {
  let client = 0;
  const headers: Record<string, string>[] = [
    { 'x-middleware-subrequest': 'middleware' },
    { 'x-middleware-subrequest': 'middleware:middleware:middleware:middleware:middleware' },
    { 'x-middleware-subrequest': 'proxy:proxy:proxy:proxy:proxy' },
    {
      'x-middleware-subrequest': 'src/middleware:src/middleware:src/middleware:src/middleware:src/middleware',
    },
    { 'x-forwarded-user': 'admin@example.org' },
    { 'x-auth-request-user': 'admin' },
    { 'x-remote-user': 'admin' },
    { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` },
    { authorization: `Bearer ${TOKEN.toUpperCase()}` },
    { authorization: `Bearer ${TOKEN}x` },
    { cookie: `packetpath_session=${TOKEN}` },
  ];
  for (const h of headers)
    for (const path of [
      '/api/sources',
      '/trace',
      '/api/trace?source=scenario:default-deny-breaks-dns&from=x&to=y',
    ]) {
      // A new address each time: ten failures from one address would (rightly) get 429.
      const res = await raw('GET', path, { ...h, 'x-forwarded-for': `192.0.2.${++client}` });
      expect(res.status, `${JSON.stringify(h)} ${path}`).toBe(401);
      for (const w of leaks) expect(res.body).not.toContain(w);
    }
});

test('health probes answer without the token', async () => {
  expect((await raw('GET', '/api/health/live')).status).toBe(200);
});

test('after 10 wrong tokens from one address the server answers 429 with Retry-After', async () => {
  const from = { 'x-forwarded-for': '198.51.100.77' };
  for (let i = 0; i < 10; i++)
    expect((await raw('GET', '/api/sources', { ...from, authorization: `Bearer wrong-${i}` })).status).toBe(
      401,
    );
  const held = await raw('GET', '/api/trace', { ...from, authorization: `Bearer ${TOKEN}` });
  expect(held.status).toBe(429);
  expect(Number(held.headers['retry-after'])).toBeGreaterThan(0);
  // Another address with the token is served.
  expect(
    (
      await raw('GET', '/api/sources', {
        'x-forwarded-for': '198.51.100.78',
        authorization: `Bearer ${TOKEN}`,
      })
    ).status,
  ).toBe(200);
});
