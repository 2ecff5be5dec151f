import { expect, type Page } from '@playwright/test';
import { getScenario, scenarios } from '../lib/scenarios';
import type { TraceQuery } from '../lib/engine/types';

export { scenarios, getScenario };

export function traceUrl(source: string, q: TraceQuery, hop?: string): string {
  const p = new URLSearchParams({ source, from: q.from, to: q.to });
  if (q.port !== undefined) p.set('port', String(q.port));
  if (q.protocol) p.set('protocol', q.protocol);
  if (q.size !== undefined) p.set('size', String(q.size));
  if (hop) p.set('hop', hop);
  return `/trace?${p}`;
}

/** Waits until ELK has laid the path out and React Flow has drawn it. */
export async function waitForCanvas(page: Page): Promise<void> {
  await expect(page.getByTestId('trace-canvas')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-hop]').first()).toBeVisible();
}
