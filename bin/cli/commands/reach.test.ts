// End-to-end tests of `packetpath reach`, spawning the real CLI.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const minimal = join(root, 'test/peer-suites/netpol-analyzer/cases/netpol-analysis-example-minimal');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin/packetpath.js'), 'reach', ...args], {
    encoding: 'utf8',
    cwd: root,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function workDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'packetpath-reach-'));
  cpSync(join(minimal, 'manifests'), dir, { recursive: true });
  return dir;
}

describe('packetpath reach', () => {
  it('prints the expected txt, json and md for a small case', () => {
    const txt = cli(join(minimal, 'manifests'));
    expect(txt.code).toBe(0);
    expect(txt.stdout).toBe(readFileSync(join(minimal, 'expected.txt'), 'utf8'));
    const json = cli(join(minimal, 'manifests'), '--format', 'json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      pairs: (JSON.parse(readFileSync(join(minimal, 'expected.json'), 'utf8')) as { pairs: unknown[] }).pairs,
    });
    const md = cli(join(minimal, 'manifests'), '--format=md');
    expect(md.stdout).toBe(
      '| from | to | connections |\n|------|----|-------------|\n' +
        '| 0.0.0.0-255.255.255.255[External] | default/frontend[Deployment] | TCP 8080 |\n' +
        '| default/frontend[Deployment] | 0.0.0.0-255.255.255.255[External] | UDP 53 |\n' +
        '| default/frontend[Deployment] | default/backend[Deployment] | TCP 9090 |\n',
    );
  });

  it('names pods at --granularity pod', () => {
    const r = cli(join(minimal, 'manifests'), '--granularity', 'pod');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/\[Pod\] : TCP 9090\n/);
    expect(r.stdout).not.toContain('[Deployment]');
  });

  it('answers who can reach a peer (--to), with the denied peers on request', () => {
    const to = cli(join(minimal, 'manifests'), '--to', 'backend');
    expect(to.code).toBe(0);
    expect(to.stdout).toBe('default/frontend[Deployment] => default/backend[Deployment] : TCP 9090\n');
    const denied = cli(
      join(minimal, 'manifests'),
      '--to',
      'default/backend[Deployment]',
      '--denied',
      '-o',
      'json',
    );
    expect(JSON.parse(denied.stdout)).toEqual({
      pairs: [
        { from: 'default/frontend[Deployment]', to: 'default/backend[Deployment]', conn: 'TCP 9090' },
        {
          from: '0.0.0.0-255.255.255.255[External]',
          to: 'default/backend[Deployment]',
          conn: 'No Connections',
        },
      ],
    });
    const from = cli(join(minimal, 'manifests'), '--from', 'frontend');
    expect(from.stdout).toContain('default/frontend[Deployment] => default/backend[Deployment] : TCP 9090\n');
    expect(from.stdout).not.toContain('=> default/frontend[Deployment]');
  });

  it('names an unknown --to peer and its near names, exit 2', () => {
    const r = cli(join(minimal, 'manifests'), '--to', 'end');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      '--to end: no single peer has that name (did you mean default/backend[Deployment]',
    );
  });

  it('exits 2 naming file and document for broken YAML in a directory', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'broken.yaml'),
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ok\n---\nkind: Pod\nmetadata: {name: [x\n',
    );
    const r = cli(dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(
      new RegExp(
        `^packetpath: ${join(dir, 'broken.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: document 2: `,
        'm',
      ),
    );
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('exits 2 naming the field of a wrongly shaped object', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'bad.yaml'),
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector:\n    matchLabels: [a]\n',
    );
    const r = cli(dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('bad.yaml: document 1: spec.podSelector.matchLabels: ');
  });

  it('ignores unknown kinds, lists them with --verbose, and warns about non-Kubernetes files', () => {
    const dir = workDir();
    writeFileSync(
      join(dir, 'widget.yaml'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w1\n  namespace: default\n',
    );
    writeFileSync(join(dir, 'report.json'), '[{"src": "a", "dst": "b"}]\n');
    const quiet = cli(dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stdout).toBe(readFileSync(join(minimal, 'expected.txt'), 'utf8'));
    expect(quiet.stderr).toContain('report.json');
    expect(quiet.stderr).not.toContain('Widget');
    const verbose = cli(dir, '--verbose');
    expect(verbose.code).toBe(0);
    expect(verbose.stdout).toBe(quiet.stdout);
    expect(verbose.stderr).toMatch(/^packetpath: ignored: .*widget\.yaml.*Widget default\/w1/m);
  });

  it('-n NS -o csv prints src,dst,conn rows as np-guard netpol-analyzer does', () => {
    // np-guard/netpol-analyzer docs/connlist_output.md, "list output in csv format", for
    // this very case; peers outside the cluster carry our contract's `[External]` suffix.
    const r = cli(join(minimal, 'manifests'), '-n', 'default', '-o', 'csv');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(
      'src,dst,conn\n' +
        '0.0.0.0-255.255.255.255[External],default/frontend[Deployment],TCP 8080\n' +
        'default/frontend[Deployment],0.0.0.0-255.255.255.255[External],UDP 53\n' +
        'default/frontend[Deployment],default/backend[Deployment],TCP 9090\n',
    );
  });

  it('-o dot frames peers by namespace; -o mermaid labels each edge with its connections', () => {
    const dot = cli(join(minimal, 'manifests'), '-o', 'dot');
    expect(dot.code).toBe(0);
    expect(dot.stdout).toContain('subgraph "cluster_default" {');
    expect(dot.stdout).toContain('"default/frontend[Deployment]" -> "default/backend[Deployment]" [');
    const mermaid = cli(join(minimal, 'manifests'), '-o', 'mermaid');
    expect(mermaid.stdout).toContain('p2 -->|"TCP 9090"| p3');
  });

  it('exits 2 on usage errors', () => {
    expect(cli().code).toBe(2);
    const r = cli(join(minimal, 'manifests'), '--format', 'xml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format must be one of json, yaml, txt, md');
  });
});
