// A `next start` of our own for the share tests: they stop and start the server in the
// middle of a test (same PACKETPATH_DATA_DIR), which Playwright's shared webServer cannot do.

import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

export interface OwnServer {
  readonly baseURL: string;
  stop(): Promise<void>;
  /** Ends the server with SIGKILL: no shutdown hooks, no flushing, as in a crash. */
  kill(): Promise<void>;
}

const root = join(import.meta.dirname, '..');

async function waitUntilLive(baseURL: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`next start exited with ${child.exitCode}:\n${log()}`);
    try {
      const res = await fetch(`${baseURL}/api/health/live`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`next start did not answer within 60 s:\n${log()}`);
}

/** Starts the production server on `port` with `dataDir` as PACKETPATH_DATA_DIR (and `env`). */
export async function startServer(
  port: number,
  dataDir: string,
  env: Readonly<Record<string, string>> = {},
): Promise<OwnServer> {
  mkdirSync(dataDir, { recursive: true });
  const child = spawn(
    process.execPath,
    [join(root, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'],
    {
      cwd: root,
      env: { ...process.env, ...env, PACKETPATH_DATA_DIR: dataDir, NODE_ENV: 'production' },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so stop() ends the server and anything it started.
      detached: true,
    },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const baseURL = `http://127.0.0.1:${port}`;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      return;
    }
    const timer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      return;
    }
    await exited;
  };
  try {
    await waitUntilLive(baseURL, child, () => output);
  } catch (err) {
    await stop();
    throw err;
  }
  return { baseURL, stop, kill };
}
