import { expect, type Page } from '@playwright/test';
import { getScenario, scenarios } from '../lib/scenarios';
import { queryHref, type TraceQuery } from '../lib/model/trace-query';

export { scenarios, getScenario };

export function traceUrl(source: string, q: TraceQuery, hop?: string): string {
  return queryHref('/trace', source, q, { hop });
}

/** Waits until ELK has laid the path out and React Flow has drawn it. */
export async function waitForCanvas(page: Page): Promise<void> {
  await expect(page.getByTestId('trace-canvas')).toHaveAttribute('data-ready', 'true');
  await expect(page.locator('[data-hop]').first()).toBeVisible();
}
