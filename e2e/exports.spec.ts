// The export menus offer every format of the CLI's `-o`, made by the engine's formatters:
// a trace as DOT, Mermaid and YAML, reach pairs as CSV (as `packetpath reach -o csv`).

import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { parse as parseYaml } from 'yaml';
import { getScenario, traceUrl, waitForCanvas } from './helpers';

const scenario = getScenario('vxlan-mtu-blackhole')!;
const source = `scenario:${scenario.slug}`;

async function download(page: Page, menu: RegExp, item: RegExp): Promise<{ name: string; text: string }> {
  await page.getByRole('button', { name: menu }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: item }).click(),
  ]);
  return { name: file.suggestedFilename(), text: readFileSync((await file.path())!, 'utf8') };
}

test('the trace exports as Graphviz DOT, Mermaid and YAML', async ({ page }) => {
  await page.goto(traceUrl(source, scenario.queries[0]!));
  await waitForCanvas(page);
  const hops = await page
    .locator('[data-hop]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('data-hop')));

  const dot = await download(page, /^Export/, /Graphviz DOT/);
  expect(dot.name).toMatch(/\.dot$/);
  expect(dot.text).toMatch(/^digraph "packetpath" \{/);
  for (const id of new Set(hops)) expect(dot.text).toContain(`"${id}" [`);

  const mermaid = await download(page, /^Export/, /Mermaid/);
  expect(mermaid.name).toMatch(/\.mmd$/);
  expect(mermaid.text).toMatch(/\nflowchart LR\n {2}h1\["/);

  const yaml = await download(page, /^Export/, /YAML/);
  const doc = parseYaml(yaml.text) as { verdict: string; hops: { id: string }[] };
  expect(doc.verdict).toBe('dropped');
  expect(doc.hops.length).toBeGreaterThan(3);
});

test('reach pairs export as CSV with the src,dst,conn header', async ({ page }) => {
  await page.goto(`/reach?${new URLSearchParams({ source: 'scenario:default-deny-allow-dns' })}`);
  const csv = await download(page, /^Export pairs/, /CSV/);
  expect(csv.name).toMatch(/\.csv$/);
  const [header, ...rows] = csv.text.trimEnd().split('\n');
  expect(header).toBe('src,dst,conn');
  expect(rows.length).toBeGreaterThan(0);
  expect(rows.some((r) => r.startsWith('shop/web'))).toBe(true);
});

test("the trace page's Markdown export links a share (/s/ID) that freezes this trace, made once", async ({
  page,
}) => {
  await page.goto(traceUrl(source, scenario.queries[0]!));
  await waitForCanvas(page);
  const first = await download(page, /^Export/, /Markdown/);
  const link = /\nPermalink: (\S+)\n$/.exec(first.text)?.[1];
  expect(link).toMatch(/\/s\/[A-Za-z0-9_-]+$/);
  // A second export reuses the link instead of freezing the state again.
  const second = await download(page, /^Export/, /Markdown/);
  expect(second.text).toContain(`Permalink: ${link}\n`);
  // The link opens the frozen trace with its verdict.
  await page.goto(link!);
  await expect(page.getByText(/dropped/i).first()).toBeVisible();
});

test('the PNG carries a caption band below the graph (from → to, verdict, source, time)', async ({
  page,
}) => {
  await page.goto(traceUrl(source, scenario.queries[0]!));
  await waitForCanvas(page);
  await page.getByRole('button', { name: /^Export/ }).click();
  const [file] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('menuitem', { name: /PNG/ }).click(),
  ]);
  const png = readFileSync((await file.path())!);
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  // Read the image back in the page: the bottom band (128 px at pixel ratio 2) holds dark text
  // on the light background, so some of its pixels are far from white.
  const inked = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = new OffscreenCanvas(img.width, img.height);
    const ctx = c.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const band = ctx.getImageData(0, img.height - 120, Math.min(img.width, 600), 110).data;
    let dark = 0;
    for (let i = 0; i < band.length; i += 4) if (band[i]! + band[i + 1]! + band[i + 2]! < 300) dark++;
    return dark;
  }, png.toString('base64'));
  expect(inked).toBeGreaterThan(200);
});
