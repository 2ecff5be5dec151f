// Every response carries the security headers, whatever produced it (a page, an API
// answer, an API error, a static asset), and the pages run under that CSP without a
// single violation.

import { expect, test } from '@playwright/test';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

function checkHeaders(headers: Record<string, string>, what: string) {
  const csp = headers['content-security-policy'];
  expect(csp, `${what}: Content-Security-Policy`).toBeTruthy();
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("default-src 'self'");
  expect(csp, `${what}: no eval in production`).not.toContain('unsafe-eval');
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

test('the trace view runs under the CSP without violations', async ({ page }) => {
  const violations: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) violations.push(msg.text());
  });
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Refused to load: CSP ${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  const scenario = getScenario('gateway-canary')!;
  await page.goto(traceUrl(`scenario:${scenario.slug}`, scenario.queries[0]!));
  await waitForCanvas(page);
  // Opening a hop panel loads the rest of the client code (dialogs, copy buttons).
  await page.locator('button[data-hop]').first().focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 2 }).first()).toBeVisible();
  expect(violations).toEqual([]);
});
