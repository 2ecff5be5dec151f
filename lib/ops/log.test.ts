// Logs are JSON lines on stdout: a child process serves real requests through withErrors
// and every line it prints must parse as one JSON object with the fields a collector keys on.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger, log, logLevelFromEnv, setProcessLogger } from './log';

const dataDir = mkdtempSync(join(tmpdir(), 'packetpath-log-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

const script = `
import { withErrors, json } from './lib/server/http';
import { ApiError } from './lib/server/errors';
import { getSource } from './lib/server';
import { scenarios } from './lib/scenarios';
const ok = withErrors(async () => json({ ok: true }));
const bad = withErrors(async () => { throw new ApiError(400, 'invalid query', 'port: not a number'); });
const broken = withErrors(async () => { throw new Error('boom'); });
await ok(new Request('http://t/api/trace?source=x'));
await bad(new Request('http://t/api/shares/abc123', { method: 'POST' }));
await broken(new Request('http://t/api/lint'));
await getSource('scenario:' + scenarios[0].slug);
`;

function run(level?: string): Record<string, unknown>[] {
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: process.cwd(),
    env: {
      ...process.env,
      PACKETPATH_DATA_DIR: dataDir,
      ...(level === undefined ? { PACKETPATH_LOG_LEVEL: '' } : { PACKETPATH_LOG_LEVEL: level }),
    },
    encoding: 'utf8',
  });
  const lines = out.split('\n').filter(Boolean);
  // Each line is one JSON object: JSON.parse throws on anything else.
  return lines.map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('structured logs', () => {
  it('are one JSON object per line: requests with method, route, status, duration; failures; model builds', () => {
    const lines = run();
    for (const line of lines) {
      expect(line).toMatchObject({ service: 'packetpath' });
      expect(typeof line.time).toBe('string');
      expect(['info', 'warn', 'error']).toContain(line.level);
    }
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests.map((r) => [r.method, r.route, r.status])).toEqual([
      ['GET', '/api/trace', 200],
      ['POST', '/api/shares/[id]', 400],
      ['GET', '/api/lint', 500],
    ]);
    for (const r of requests) expect(typeof r.durationMs).toBe('number');
    const failure = lines.find((l) => l.msg === 'request failed');
    expect(failure).toMatchObject({ level: 'error', path: '/api/lint', err: { message: 'boom' } });
    const built = lines.find((l) => l.msg === 'model built');
    expect(built).toMatchObject({ level: 'info' });
    expect(String(built?.source)).toMatch(/^scenario:/);
    expect(built?.objects).toBeGreaterThan(0);
  }, 60_000);

  it('follow PACKETPATH_LOG_LEVEL', () => {
    const lines = run('error');
    expect(lines.map((l) => l.msg)).toEqual(['request failed']);
  }, 60_000);

  it('name the variable when the level is not one pino knows', () => {
    expect(logLevelFromEnv({ PACKETPATH_LOG_LEVEL: 'Debug' })).toBe('debug');
    expect(logLevelFromEnv({})).toBe('info');
    expect(() => logLevelFromEnv({ PACKETPATH_LOG_LEVEL: 'loud' })).toThrow(
      /PACKETPATH_LOG_LEVEL: "loud" is not one of/,
    );
  });

  it('go where a program sends them: the CLI keeps stdout for its output', () => {
    const lines: string[] = [];
    setProcessLogger(createLogger('warn', { write: (line: string) => lines.push(line) }));
    log.info('not at warn');
    log.warn({ kind: 'Pod' }, 'live source sync failed');
    expect(lines.map((l) => JSON.parse(l) as Record<string, unknown>)).toEqual([
      expect.objectContaining({ level: 'warn', kind: 'Pod', msg: 'live source sync failed' }),
    ]);
  });
});
