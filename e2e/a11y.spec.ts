import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { scenarios, traceUrl, waitForCanvas } from './helpers';

const scenario = scenarios[0]!;
const source = `scenario:${scenario.slug}`;

const pages: Array<{ name: string; url: string; ready?: 'canvas' }> = [
  { name: 'home', url: '/' },
  { name: 'trace', url: traceUrl(source, scenario.queries[0]!), ready: 'canvas' },
  { name: 'reach', url: `/reach?source=${source}` },
  { name: 'lint', url: `/lint?source=${source}` },
  { name: 'upload', url: '/upload' },
];

for (const theme of ['light', 'dark'] as const) {
  for (const p of pages) {
    test(`${p.name} (${theme}) has no serious or critical axe violations`, async ({ page }) => {
      await page.emulateMedia({ colorScheme: theme });
      await page.goto(p.url);
      if (p.ready === 'canvas') await waitForCanvas(page);
      const { violations } = await new AxeBuilder({ page }).analyze();
      const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(
        bad.map(
          (v) =>
            `${v.id}: ${v.help} (${v.nodes
              .map((n) => n.target.join(' '))
              .slice(0, 3)
              .join(', ')})`,
        ),
      ).toEqual([]);
    });
  }
}
