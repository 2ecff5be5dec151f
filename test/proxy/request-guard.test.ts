// Host allowlist and cross-site write refusal (lib/server/request-guard.ts), as functions
// and through proxy() / guardRoute().
// - A cross-site page may send POST with text/plain, application/x-www-form-urlencoded or
//   multipart/form-data without a preflight (the CORS-safelisted Content-Type values,
//   https://fetch.spec.whatwg.org/#cors-safelisted-request-header); any other type or
//   method needs a preflight, which this server never answers with CORS headers.
// - Browsers send Origin on every cross-origin POST and Sec-Fetch-Site on every request
//   (https://www.w3.org/TR/fetch-metadata/#sec-fetch-site-header; the OWASP CSRF sheet's
//   "Fetch Metadata" and "Verifying Origin" defences,
//   https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html).
// - 421 Misdirected Request: "the request was directed at a server that is unable or
//   unwilling to produce an authoritative response for the target URI"
//   (https://www.rfc-editor.org/rfc/rfc9110#name-421-misdirected-request).

import { NextRequest } from 'next/server';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { guardRoute, proxy } from '../../proxy';
import {
  allowedHostsFromEnv,
  checkHost,
  checkWrite,
  DEFAULT_ALLOWED_HOSTS,
  hostName,
  type WriteRequest,
} from '../../lib/server/request-guard';

afterEach(() => vi.unstubAllEnvs());

const write = (over: Partial<WriteRequest>): WriteRequest => ({
  method: 'POST',
  pathname: '/api/shares',
  host: 'localhost:3000',
  origin: null,
  secFetchSite: null,
  contentType: 'application/json',
  hasBody: true,
  ...over,
});

describe('allowed hosts', () => {
  it('defaults to this machine, plus a named bind host', () => {
    expect(allowedHostsFromEnv({})).toEqual(DEFAULT_ALLOWED_HOSTS);
    expect(allowedHostsFromEnv({ HOSTNAME: '0.0.0.0' })).toEqual(DEFAULT_ALLOWED_HOSTS);
    expect(allowedHostsFromEnv({ HOSTNAME: 'Dash.Lan' })).toEqual([...DEFAULT_ALLOWED_HOSTS, 'dash.lan']);
    expect(
      allowedHostsFromEnv({
        PACKETPATH_ALLOWED_HOSTS: ' a.example.org, *.svc.cluster.local ,',
        HOSTNAME: 'x',
      }),
    ).toEqual(['a.example.org', '*.svc.cluster.local']);
  });

  it('parses host names with ports and IPv6 literals; refuses malformed values', () => {
    expect(hostName('LocalHost:3000')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('[::1]');
    expect(hostName('127.0.0.1')).toBe('127.0.0.1');
    expect(hostName('example.org.')).toBe('example.org');
    for (const bad of ['', 'a b', 'evil.com/x', 'a:99999999', 'user@host', '[::1'])
      expect(hostName(bad)).toBe(undefined);
  });

  it('answers allowed hosts only: 421 for another name (DNS rebinding), 400 for a malformed Host', () => {
    const allowed = allowedHostsFromEnv({});
    for (const ok of ['localhost', 'localhost:3000', '127.0.0.1:3307', '[::1]:3000', null])
      expect(checkHost(ok, allowed)).toBeUndefined();
    expect(checkHost('attacker.example:3000', allowed)).toMatchObject({
      status: 421,
      detail: expect.stringContaining('PACKETPATH_ALLOWED_HOSTS'),
    });
    expect(checkHost('127.0.0.2', allowed)?.status).toBe(421);
    expect(checkHost('localhost.attacker.example', allowed)?.status).toBe(421);
    expect(checkHost('', allowed)?.status).toBe(400);
    expect(checkHost('a\u0000b', allowed)).toMatchObject({
      status: 400,
      detail: expect.stringContaining('a?b'),
    });
    const wild = ['*.svc.cluster.local'];
    expect(checkHost('packetpath.tools.svc.cluster.local', wild)).toBeUndefined();
    expect(checkHost('svc.cluster.local', wild)?.status).toBe(421);
    expect(checkHost('evilsvc.cluster.local', wild)?.status).toBe(421);
    expect(checkHost('anything', ['*'])).toBeUndefined();
  });
});

describe('writes', () => {
  it('lets reads, non-API paths and same-origin or non-browser writes through', () => {
    expect(checkWrite(write({ method: 'GET', contentType: 'text/plain' }))).toBeUndefined();
    expect(checkWrite(write({ pathname: '/trace', contentType: 'text/plain' }))).toBeUndefined();
    // curl, the CLI: no Origin, no Sec-Fetch-Site.
    expect(checkWrite(write({}))).toBeUndefined();
    expect(
      checkWrite(write({ origin: 'http://localhost:3000', secFetchSite: 'same-origin' })),
    ).toBeUndefined();
    expect(checkWrite(write({ secFetchSite: 'none' }))).toBeUndefined();
    expect(checkWrite(write({ contentType: 'multipart/form-data; boundary=x' }))).toBeUndefined();
    expect(checkWrite(write({ contentType: 'application/yaml' }))).toBeUndefined();
    expect(checkWrite(write({ contentType: 'application/merge-patch+json' }))).toBeUndefined();
    // A DELETE without a body needs no type.
    expect(checkWrite(write({ method: 'DELETE', contentType: null, hasBody: false }))).toBeUndefined();
  });

  it('refuses cross-site and cross-origin writes with 403', () => {
    for (const site of ['cross-site', 'same-site'])
      expect(checkWrite(write({ secFetchSite: site }))).toMatchObject({ status: 403, error: 'forbidden' });
    for (const origin of ['https://attacker.example', 'null', 'http://localhost:3001', 'file://', 'garbage'])
      expect(checkWrite(write({ origin }))).toMatchObject({ status: 403 });
    for (const method of ['PUT', 'PATCH', 'DELETE', 'post'])
      expect(checkWrite(write({ method, origin: 'https://attacker.example' }))?.status).toBe(403);
  });

  it('refuses a body of a CORS-simple type other than multipart, or none', () => {
    for (const contentType of [
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      null,
      '',
    ])
      expect(checkWrite(write({ contentType }))).toMatchObject({
        status: 403,
        detail: expect.stringContaining('application/json'),
      });
  });
});

describe('through the proxy', () => {
  const post = (headers: Record<string, string>, path = '/api/shares') =>
    new NextRequest(`http://localhost:3000${path}`, {
      method: 'POST',
      headers: { host: 'localhost:3000', 'content-length': '2', ...headers },
      body: '{}',
    });

  it('a cross-site text/plain POST gets a JSON 403, in the default (open) mode', async () => {
    const res = proxy(
      post({
        origin: 'https://attacker.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'text/plain',
      }),
    );
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({
      error: 'forbidden',
      detail: expect.stringContaining('cross-site'),
    });
    // The same page's own JSON POST passes.
    const own = proxy(
      post({
        origin: 'http://localhost:3000',
        'sec-fetch-site': 'same-origin',
        'content-type': 'application/json',
      }),
    );
    expect(own.headers.get('x-middleware-next')).toBe('1');
  });

  it('a foreign Host gets a JSON 421, health probes excepted', async () => {
    const res = proxy(
      new NextRequest('http://rebound.example/api/sources', { headers: { host: 'rebound.example' } }),
    );
    expect(res.status).toBe(421);
    expect((await res.json()).error).toBe('misdirected request');
    const probe = proxy(
      new NextRequest('http://10.0.0.7:3000/api/health/live', { headers: { host: '10.0.0.7:3000' } }),
    );
    expect(probe.headers.get('x-middleware-next')).toBe('1');
    vi.stubEnv('PACKETPATH_ALLOWED_HOSTS', 'rebound.example');
    expect(
      proxy(
        new NextRequest('http://rebound.example/api/sources', { headers: { host: 'rebound.example' } }),
      ).headers.get('x-middleware-next'),
    ).toBe('1');
  });

  it('the upload route, which runs the check itself, refuses the same way', () => {
    const req = new Request('http://localhost:3000/api/sources', {
      method: 'POST',
      headers: {
        host: 'localhost:3000',
        origin: 'https://attacker.example',
        'content-type': 'multipart/form-data; boundary=x',
        'content-length': '10',
      },
      body: '----------',
    });
    expect(guardRoute(req)?.status).toBe(403);
  });
});
