// `--with`, `--without` and `reach --diff` (shared/contracts/cli.md, second edition),
// and the kubectl-style short options `-o` and `-n`, spawning the real CLI.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { allowDns } from '../../../lib/scenarios/build/policy';
import { getScenario } from '../../../lib/scenarios';

const root = resolve(import.meta.dirname, '../../..');
const scenario = getScenario('default-deny-breaks-dns')!;
const dns = scenario.queries[0]!;

const dir = mkdtempSync(join(tmpdir(), 'packetpath-whatif-'));
const dump = join(dir, 'dump.yaml');
writeFileSync(dump, scenario.objects.map((o) => stringify(o)).join('---\n'));
const fix = join(dir, 'allow-dns.yaml');
writeFileSync(fix, stringify(allowDns('shop')));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/packetpath.js'), ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const traceArgs = [
  'trace',
  dump,
  '--from',
  dns.from,
  '--to',
  dns.to,
  '--port',
  String(dns.port),
  '--protocol',
  dns.protocol!,
];

describe('what-if on the CLI', () => {
  it('trace --with FILE applies the fix and says so in the JSON; -o yaml is the same object', () => {
    const before = cli(...traceArgs, '-o', 'json');
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout).verdict).toBe('dropped');
    expect(JSON.parse(before.stdout).whatIf).toBeUndefined();

    const after = cli(...traceArgs, '--with', fix, '-o', 'yaml');
    expect(after.code).toBe(0);
    const doc = parse(after.stdout);
    expect(doc.verdict).toBe('delivered');
    expect(doc.whatIf).toEqual({ applied: ['NetworkPolicy shop/allow-dns'], removed: [] });
  });

  it('trace --without removes an object; one that is not in the input is bad usage (exit 2)', () => {
    const removed = cli(...traceArgs, '--without', 'NetworkPolicy/shop/default-deny-all', '--format', 'txt');
    expect(removed.code).toBe(0);
    expect(removed.stdout.split('\n')[0]).toBe('what-if: removed NetworkPolicy shop/default-deny-all');
    const missing = cli(...traceArgs, '--without', 'NetworkPolicy/shop/nope');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('NetworkPolicy shop/nope is not in the snapshot');
    const malformed = cli(...traceArgs, '--without', 'NetworkPolicy');
    expect(malformed.code).toBe(2);
    expect(malformed.stderr).toContain('KIND/NAMESPACE/NAME');
  });

  it('reach --with FILE --diff lists the DNS pairs the fix opens, and nothing removed', () => {
    const r = cli('reach', dump, '--with', fix, '--diff', '-n', 'shop', '-o', 'json');
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(diff.removed).toEqual([]);
    const opened = [...diff.added, ...diff.changed];
    expect(opened.length).toBeGreaterThan(0);
    for (const p of opened) expect(p.to).toMatch(/^kube-system\/coredns/);
    expect(diff.whatIf.applied).toEqual(['NetworkPolicy shop/allow-dns']);

    const txt = cli('reach', dump, '--with', fix, '--diff', '-n', 'shop');
    expect(
      txt.stdout
        .split('\n')
        .filter(Boolean)
        .slice(1)
        .every((l) => /^[+~-] /.test(l)),
    ).toBe(true);
  });

  it('reach --diff without changes, and an unknown option, are usage errors', () => {
    expect(cli('reach', dump, '--diff').code).toBe(2);
    const unknown = cli('reach', dump, '--frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('unknown option --frobnicate');
  });
});
