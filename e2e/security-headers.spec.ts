// Every response carries the security headers, whatever produced it (a page, an API
// answer, an API error, a static asset), and the pages run under that CSP without a
// single violation.

import { request as httpRequest } from 'node:http';
import { expect, test, type Page } from '@playwright/test';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

const port = Number(process.env.E2E_PORT ?? 3210);

/** script-src of a policy: a nonce and 'strict-dynamic', never 'unsafe-inline' (lib/server/csp.ts). */
function scriptSrc(csp: string): string {
  return csp
    .split(';')
    .map((d) => d.trim())
    .find((d) => d.startsWith('script-src '))!;
}

/** A raw request, so the test sets Host and Origin as an attacker's page or client would. */
function raw(
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method,
        path,
        headers: { ...headers, ...(body ? { 'content-length': String(Buffer.byteLength(body)) } : {}) },
      },
      (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** Collects CSP violations the page reports (event and console), for pages opened after it. */
async function watchCsp(page: Page): Promise<string[]> {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return violations;
}

function checkHeaders(headers: Record<string, string>, what: string) {
  const csp = headers['content-security-policy'];
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy();
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, `${what}: no eval in production`).not.toContain('unsafe-eval');
  expect(scriptSrc(csp ?? ''), `${what}: no inline script without a nonce`).not.toContain('unsafe-inline');
  expect(headers['x-content-type-options'], what).toBe('nosniff');
  expect(headers['referrer-policy'], what).toBe('strict-origin-when-cross-origin');
  expect(headers['x-frame-options'], what).toBe('DENY');
  expect(headers['x-powered-by'], what).toBeUndefined();
}

test('pages, API answers, API errors and static assets carry the security headers', async ({
  request,
  page,
}) => {
  const targets = [
    '/',
    '/api/health/live',
    '/api/sources',
    '/api/trace?source=scenario:nope&from=x&to=y',
    '/s/not-a-real-id',
  ];
  for (const path of targets) {
    const res = await request.get(path);
    checkHeaders(res.headers(), path);
  }
  await page.goto('/');
  const script = await page.locator('script[src*="/_next/static/"]').first().getAttribute('src');
  expect(script).toBeTruthy();
  checkHeaders((await request.get(script!)).headers(), 'static asset');
});

test('pages get a fresh nonce per request, and their scripts carry it', async ({ request, page }) => {
  const a = (await request.get('/')).headers()['content-security-policy']!;
  const b = (await request.get('/')).headers()['content-security-policy']!;
  const nonce = /'nonce-([^']+)'/.exec(scriptSrc(a))?.[1];
  expect(nonce, a).toBeTruthy();
  expect(scriptSrc(a)).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
  expect(b).not.toBe(a);
  const res = await page.goto('/');
  const pageNonce = /'nonce-([^']+)'/.exec(res!.headers()['content-security-policy']!)?.[1];
  // Every script element (Next's and the theme script) carries this request's nonce; the
  // browser hides the attribute's value from the DOM, but not from the `nonce` property.
  const nonces = await page
    .locator('script')
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(nonces.length).toBeGreaterThan(1);
  for (const n of nonces) expect(n).toBe(pageNonce);
  // The theme script ran (it sets data-theme before the first paint).
  await expect(page.locator('html')).toHaveAttribute('data-theme', /^(light|dark)$/);
});

test('the main pages run under the CSP without violations', async ({ page }) => {
  const violations = await watchCsp(page);
  for (const path of [
    '/',
    '/upload',
    '/reach?source=scenario:default-deny-breaks-dns',
    '/lint?source=scenario:default-deny-breaks-dns',
    '/snapshots',
    '/tour',
  ]) {
    await page.goto(path);
    await expect(page.locator('main')).toBeVisible();
    await page.waitForLoadState('load');
  }
  expect(violations).toEqual([]);
});

test('the trace view runs under the CSP without violations', async ({ page }) => {
  const violations = await watchCsp(page);
  const scenario = getScenario('gateway-canary')!;
  await page.goto(traceUrl(`scenario:${scenario.slug}`, scenario.queries[0]!));
  await waitForCanvas(page);
  // Opening a hop panel loads the rest of the client code (dialogs, copy buttons).
  await page.locator('button[data-hop]').first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  expect(violations).toEqual([]);
});

test('a foreign Host is not answered (DNS rebinding); probes are', async () => {
  const rebound = await raw('GET', '/api/sources', { host: `attacker.example:${port}` });
  expect(rebound.status).toBe(421);
  expect(JSON.parse(rebound.body)).toMatchObject({ error: 'misdirected request' });
  expect((await raw('GET', '/trace', { host: 'attacker.example' })).status).toBe(421);
  expect((await raw('GET', '/api/health/live', { host: '10.1.2.3:3000' })).status).toBe(200);
  expect((await raw('GET', '/api/sources', { host: `localhost:${port}` })).status).toBe(200);
});

test("a cross-site text/plain POST is refused; the page's own JSON POST is not", async ({ page }) => {
  const scenario = getScenario('default-deny-breaks-dns')!;
  const share = JSON.stringify({ source: `scenario:${scenario.slug}`, query: scenario.queries[0] });
  const host = `127.0.0.1:${port}`;
  for (const path of ['/api/shares', '/api/sources', '/api/snapshots', '/api/whatif']) {
    const res = await raw(
      'POST',
      path,
      {
        host,
        origin: 'https://attacker.example',
        'sec-fetch-site': 'cross-site',
        'content-type': 'text/plain',
      },
      share,
    );
    expect(res.status, path).toBe(403);
    expect(JSON.parse(res.body), path).toMatchObject({ error: 'forbidden' });
  }
  // Same origin, but a form's content type: refused too.
  expect(
    (
      await raw(
        'POST',
        '/api/shares',
        { host, origin: `http://${host}`, 'content-type': 'application/x-www-form-urlencoded' },
        'a=1',
      )
    ).status,
  ).toBe(403);
  // From the dashboard's own page, the browser's fetch passes.
  await page.goto('/');
  const status = await page.evaluate(
    async (body) =>
      (await fetch('/api/shares', { method: 'POST', headers: { 'content-type': 'application/json' }, body }))
        .status,
    share,
  );
  expect(status).toBe(201);
});
