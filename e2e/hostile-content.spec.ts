// Hostile content in a valid dump (e2e/fixtures/hostile-dump.ts) is shown inert on every
// page that shows it: upload summary, trace (every hop panel, facts, findings, fix YAML,
// verify commands), Markdown and PNG export, share banner, reach, lint, object view and
// the snapshot list. On each: no dialog opens, no payload ran (window.__pwned stays
// unset), no CSP violation, no href outside http(s) or relative, nothing wider than the
// 1280 px viewport, and no right-to-left override is left in the visible text: each is
// shown as its code point (⟨U+202E⟩), so it cannot reorder the text around it.

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { traceUrl, waitForCanvas } from './helpers';
import { hostileDump, IMG, LONG, query, RLO, SCRIPT } from './fixtures/hostile-dump';

test.use({ viewport: { width: 1280, height: 720 } });

/** Fails the test on any dialog; records CSP violations in window.__csp for every page. */
async function arm(page: Page): Promise<void> {
  page.on('dialog', (d) => {
    void d.dismiss();
    throw new Error(`a dialog opened: ${d.type()} ${d.message()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`),
    );
  });
}

interface Report {
  pwned: unknown;
  csp: string[];
  badHrefs: string[];
  injected: string[];
  scrollWidth: number;
  innerWidth: number;
  unisolated: string[];
}

/** What the page shows of the payload, gathered in the page. */
function inspect(page: Page): Promise<Report> {
  return page.evaluate((rlo) => {
    const w = window as unknown as { __pwned?: unknown; __csp: string[] };
    const badHrefs = [...document.querySelectorAll('[href]')]
      .map((a) => a.getAttribute('href')!)
      .filter((href) => !['http:', 'https:'].includes(new URL(href, location.href).protocol));
    const injected = [
      ...[...document.querySelectorAll('img')]
        .filter((i) => i.getAttribute('src') === 'x')
        .map(() => 'img[src=x]'),
      ...[...document.querySelectorAll('*')].flatMap((el) =>
        el
          .getAttributeNames()
          .filter((n) => n.startsWith('on'))
          .map((n) => `${el.tagName}[${n}]`),
      ),
      // Next's own scripts carry the data (escaped) and the page's nonce; a script from the dump has none.
      ...[...document.querySelectorAll('script')]
        .filter((s) => !s.nonce && s.textContent?.includes('__pwned=1;alert'))
        .map(() => 'script with the payload'),
    ];
    // An override inside a sentence reorders the rest of it, whatever element holds it: each
    // one on the page must be shown as its code point (lib/model/hidden-chars.ts) instead.
    const unisolated: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent ?? '';
      if (text.includes(rlo) && n.parentElement?.checkVisibility())
        unisolated.push(`${n.parentElement.tagName}: ${JSON.stringify(text.slice(0, 80))}`);
    }
    return {
      pwned: w.__pwned,
      csp: w.__csp ?? [],
      badHrefs,
      injected,
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
      unisolated,
    };
  }, RLO);
}

async function expectInert(page: Page, where: string): Promise<void> {
  const r = await inspect(page);
  expect.soft(r.pwned, `${where}: a payload ran`).toBeUndefined();
  expect.soft(r.csp, `${where}: CSP violations`).toEqual([]);
  expect.soft(r.badHrefs, `${where}: hrefs outside http(s)/relative`).toEqual([]);
  expect.soft(r.injected, `${where}: markup from the dump in the DOM`).toEqual([]);
  expect.soft(r.scrollWidth, `${where}: page wider than the viewport`).toBeLessThanOrEqual(r.innerWidth);
  expect.soft(r.unisolated, `${where}: RTL overrides left in the text`).toEqual([]);
}

async function download(page: Page, item: RegExp): Promise<Buffer> {
  await page.getByRole('button', { name: /^Export/ }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return readFileSync((await file.path())!);
}

test('hostile names, labels, annotations and URLs are shown inert on every page', async ({ page }) => {
  test.setTimeout(300_000);
  await arm(page);

  // Upload through the page: the file name carries the payload too (no "/" in a file name).
  await page.goto('/upload');
  await page.locator('input[type=file]').setInputFiles({
    name: `dump${IMG}${RLO}nosj.exe.json`,
    mimeType: 'application/json',
    buffer: Buffer.from(hostileDump()),
  });
  await page.getByRole('button', { name: /^Upload 1 file/ }).click();
  const card = page.getByTestId('upload-summary');
  await expect(card.getByRole('heading')).toContainText('Uploaded: dump<img src=x');
  await expectInert(page, 'upload summary');
  const row = page.locator('[data-upload]').filter({ hasText: 'dump<img' }).first();
  const source = `upload:${await row.getAttribute('data-upload')}`;

  // The trace and every hop's panel, with every collapsed section open.
  await page.goto(traceUrl(source, query));
  await waitForCanvas(page);
  await expect(page.locator('[data-verdict]').first()).toBeVisible();
  await expectInert(page, 'trace');
  const hops = page.locator('button[data-hop]');
  const count = await hops.count();
  expect(count).toBeGreaterThan(2);
  for (let i = 0; i < count; i++) {
    const hop = hops.nth(i);
    const id = await hop.getAttribute('data-hop');
    await hop.click();
    await expect(page).toHaveURL(new RegExp(`hop=${id}`));
    // Open every collapsed section for the check, then close what was opened (popovers among them).
    await page.evaluate(() =>
      document.querySelectorAll<HTMLDetailsElement>('details:not([open])').forEach((d) => {
        d.open = true;
        d.dataset.openedByTest = '1';
      }),
    );
    await expectInert(page, `trace hop ${id}`);
    await page.evaluate(() =>
      document.querySelectorAll<HTMLDetailsElement>('details[data-opened-by-test]').forEach((d) => {
        d.open = false;
        delete d.dataset.openedByTest;
      }),
    );
  }
  await expect(page.getByText(/default-deny-all<script>/).first()).toBeAttached();
  // The override is shown as its code point, where it can no longer reorder anything.
  await expect.soft(page.getByText(/lla-wolla|⟨U\+202E⟩/).first()).toContainText('⟨U+202E⟩');

  const markdown = (await download(page, /Markdown/)).toString('utf8');
  expect(markdown).toContain('default-deny-all');
  // Code blocks and code spans are literal text in CommonMark (4.5, 6.1): only prose can carry HTML.
  const prose = markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '').replace(/(`+)[\s\S]*?\1/g, '');
  expect.soft(prose, 'raw HTML in the Markdown prose').not.toMatch(/<script|<img|<\/script/i);
  expect.soft(prose, 'a javascript: link in the Markdown prose').not.toMatch(/\]\(\s*javascript:/i);
  expect.soft(prose, 'a hidden RTL override in the Markdown prose').not.toContain(RLO);
  const png = await download(page, /PNG/);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  await expectInert(page, 'trace after exports');

  // A share with a hostile title and note, then its banner.
  await page.getByRole('button', { name: 'Share' }).click();
  const dialog = page.getByRole('dialog', { name: 'Share this trace' });
  await dialog.getByLabel(/Title/).fill(`${IMG}${RLO}eltit`);
  await dialog.getByLabel(/Note/).fill(`${SCRIPT} ${LONG.slice(0, 1_000)}`);
  await dialog.getByRole('button', { name: 'Create link' }).click();
  const url = await dialog.getByTestId('share-url').inputValue();
  await page.goto(url);
  await waitForCanvas(page);
  await expect(page.getByTestId('share-banner')).toContainText(source);
  await expectInert(page, 'share view');

  for (const [what, path] of [
    ['reach', `/reach?${new URLSearchParams({ source })}`],
    ['reach matrix', `/reach?${new URLSearchParams({ source, view: 'matrix' })}`],
    ['lint', `/lint?${new URLSearchParams({ source })}`],
    [
      'object view (Pod)',
      `/objects?${new URLSearchParams({ source, kind: 'Pod', namespace: 'kube-system', name: `coredns-${RLO}evil\u200b\u200d\ufeff-zc29n${IMG}` })}`,
    ],
    [
      'object view (Ingress)',
      `/objects?${new URLSearchParams({ source, kind: 'Ingress', namespace: 'shop', name: `shop${IMG}` })}`,
    ],
  ] as const) {
    const res = await page.goto(path);
    expect(res?.status(), what).toBe(200);
    await expect(page.locator('main')).not.toBeEmpty();
    await page.waitForLoadState('networkidle');
    await expectInert(page, what);
  }

  // Saved as a snapshot under a hostile name: the snapshot list.
  await page.goto('/snapshots');
  await page.getByRole('combobox', { name: 'Source to save' }).selectOption(source);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${SCRIPT}${RLO}tohspans`);
  await page.getByRole('button', { name: 'Save snapshot' }).click();
  await expect(page.getByTestId('snapshot-saved')).toBeVisible();
  await expect(page.getByTestId('snapshot-list')).toContainText('<script>');
  await expectInert(page, 'snapshot list');
});
