// The package's second bin makes packetpath a kubectl plugin: kubectl runs any
// `kubectl-NAME` executable on PATH for `kubectl NAME ...`
// (https://kubernetes.io/docs/tasks/extend-kubectl/kubectl-plugins/).

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tool } from '../../../deploy/tools';

const root = resolve(import.meta.dirname, '../../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  version: string;
  bin: Record<string, string>;
};

describe('kubectl packetpath', () => {
  it('is installed as the bin kubectl-packetpath, the same entry as packetpath', () => {
    expect(pkg.bin['kubectl-packetpath']).toBe(pkg.bin.packetpath);
  });

  it('runs through kubectl with the same arguments (--version, reach -o json)', () => {
    // As npm links the bin: a kubectl-packetpath on PATH pointing at the entry.
    const dir = mkdtempSync(join(tmpdir(), 'packetpath-plugin-'));
    symlinkSync(join(root, pkg.bin['kubectl-packetpath']!), join(dir, 'kubectl-packetpath'));
    const env = { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH ?? ''}` };
    const kubectl = tool('kubectl');
    const version = spawnSync(kubectl, ['packetpath', '--version'], { encoding: 'utf8', env, cwd: root });
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`packetpath ${pkg.version}\n`);
    const minimal = join(root, 'test/peer-suites/netpol-analyzer/cases/netpol-analysis-example-minimal');
    const reach = spawnSync(kubectl, ['packetpath', 'reach', join(minimal, 'manifests'), '-o', 'json'], {
      encoding: 'utf8',
      env,
      cwd: root,
    });
    expect(reach.status).toBe(0);
    expect(JSON.parse(reach.stdout).pairs).toEqual(
      (JSON.parse(readFileSync(join(minimal, 'expected.json'), 'utf8')) as { pairs: unknown[] }).pairs,
    );
  });
});
