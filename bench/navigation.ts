// Navigation → first path node in Chromium: the time from navigation start (the page's
// timeOrigin) to the first React Flow node of the path on screen, on the trace page of a
// built-in scenario at S (default-deny-breaks-dns, a handful of pods) and at L (the
// large-cluster scenario, 5,110 pods). A script added before the page's own records
// performance.now() when the first `.react-flow__node` is laid out visibly (a
// MutationObserver, so no polling delay is counted). Each run is a fresh browser context
// (no cache); the first run of each size is a warm-up (the server builds the model), the
// median of the timed runs is reported. Also reported: the time to the verdict banner,
// and to ELK's layout of the path (the canvas's data-ready; the first drawing before it
// is placed on the page with the same boxes).
//   BENCH_BASE_URL=http://127.0.0.1:PORT tsx bench/navigation.ts [runs]   (a built server)
// Without BENCH_BASE_URL it serves $TMPDIR/packetpath-standalone-tree (assembled by
// deploy/scripts/check-standalone.mjs from a standalone build).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from '@playwright/test';
import { median, type Row } from './harness';

const runs = Number(process.argv[2] ?? 7);

async function serve(): Promise<{ base: string; stop: () => void }> {
  if (process.env.BENCH_BASE_URL) return { base: process.env.BENCH_BASE_URL, stop: () => {} };
  const tree = process.env.PACKETPATH_TREE || join(tmpdir(), 'packetpath-standalone-tree');
  if (!existsSync(join(tree, 'server.js')))
    throw new Error(`no BENCH_BASE_URL and no ${tree}/server.js (run deploy/scripts/check-standalone.mjs)`);
  const port = Number(process.env.BENCH_PORT ?? 3398);
  const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-bench-nav-'));
  const server: ChildProcess = spawn(process.execPath, ['server.js'], {
    cwd: tree,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      PACKETPATH_DATA_DIR: dataDir,
    },
    stdio: 'ignore',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/api/health/live`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (i > 600) throw new Error('the server did not answer /api/health/live in 60 s');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    base,
    stop: () => {
      server.kill('SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Installed before the page's scripts: the times the banner, the first path node and ELK's layout appear. */
const observe = `(() => {
  const marks = {};
  window.__firstPaint = marks;
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0; };
  const check = () => {
    if (marks.node === undefined) {
      const n = document.querySelector('.react-flow__node');
      if (n && visible(n) && getComputedStyle(n).visibility !== 'hidden') marks.node = performance.now();
    }
    if (marks.banner === undefined && document.querySelector('[data-verdict]')) marks.banner = performance.now();
    if (marks.laidOut === undefined && document.querySelector('[data-testid="trace-canvas"][data-ready="true"]'))
      marks.laidOut = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;

const { base, stop } = await serve();
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium' });
const rows: Row[] = [];
try {
  const pages = {
    S: `${base}/trace?source=scenario:default-deny-breaks-dns`,
    L: `${base}/trace?source=scenario:large-cluster`,
  };
  for (const [size, url] of Object.entries(pages)) {
    const node: number[] = [];
    const banner: number[] = [];
    const laidOut: number[] = [];
    for (let i = 0; i <= runs; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(observe);
      await page.goto(url, { waitUntil: 'commit' });
      await page.waitForFunction(
        () => {
          const marks = (window as unknown as { __firstPaint: { node?: number; laidOut?: number } })
            .__firstPaint;
          return marks.node !== undefined && marks.laidOut !== undefined;
        },
        undefined,
        { timeout: 60_000, polling: 50 },
      );
      const marks = await page.evaluate(
        () =>
          (window as unknown as { __firstPaint: { node: number; laidOut: number; banner?: number } })
            .__firstPaint,
      );
      if (i > 0) {
        node.push(marks.node);
        if (marks.banner !== undefined) banner.push(marks.banner);
        laidOut.push(marks.laidOut);
      }
      await context.close();
    }
    rows.push({
      name: `${size} navigation → first path node in Chromium (${size === 'S' ? 'default-deny-breaks-dns' : 'large-cluster, 5,110 pods'})`,
      ours: median(node),
      note: `median of ${runs} (min ${Math.min(...node).toFixed(0)}, max ${Math.max(...node).toFixed(0)} ms); verdict banner at ${banner.length ? median(banner).toFixed(0) : '—'} ms; ELK's layout in at ${median(laidOut).toFixed(0)} ms; target ≤ ${size === 'S' ? 1 : 2} s`,
    });
  }
} finally {
  await browser.close();
  stop();
}
process.stdout.write(`${JSON.stringify(rows)}\n`);
