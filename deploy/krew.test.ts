// The krew package: the archive `npm run package:krew` makes and the manifest template that
// pins it. krew installs a plugin by downloading `uri`, checking `sha256`, unpacking `files`
// and linking `bin` onto PATH (https://krew.sigs.k8s.io/docs/developer-guide/plugin-manifest);
// kubectl then runs `kubectl-packetpath` for `kubectl packetpath ...`
// (https://kubernetes.io/docs/tasks/extend-kubectl/kubectl-plugins/). This test does the same
// by hand: render the template as krew-release-bot would, verify the digest, unpack into an
// empty directory away from node_modules, and run the plugin through kubectl, offline and live.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FakeApiServer } from '../test/live/fake-apiserver';
import { seedCluster } from '../test/live/fixtures';
import { repoRoot, tool } from './tools';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
const work = mkdtempSync(join(tmpdir(), 'packetpath-krew-'));
const outDir = join(work, 'dist');
const installDir = join(work, 'plugin');
const archivePath = join(outDir, 'kubectl-packetpath.tar.gz');

interface Platform {
  selector: { matchExpressions: { key: string; operator: string; values: string[] }[] };
  uri: string;
  sha256: string;
  bin: string;
  files: { from: string; to: string }[];
}
interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string };
  spec: {
    version: string;
    homepage: string;
    shortDescription: string;
    description: string;
    platforms: Platform[];
  };
}

/** The template rendered as krew-release-bot does: .TagName, then addURIAndSha's uri + sha256. */
function render(template: string, tag: string, sha256: string): string {
  return template
    .replace(/^\s*#.*\n/gm, '')
    .replace(
      /^(\s*)\{\{\s*addURIAndSha "([^"]+)" \.TagName\s*\}\}$/m,
      (_m, indent: string, uri: string) => `${indent}uri: ${uri}\n${indent}sha256: ${sha256}`,
    )
    .replaceAll('{{ .TagName }}', tag);
}

let sha256 = '';
let manifest: Manifest;

beforeAll(() => {
  const made = spawnSync(process.execPath, [join(repoRoot, 'scripts/package-krew.mjs'), outDir], {
    encoding: 'utf8',
  });
  expect(made.stderr).toBe('');
  expect(made.status).toBe(0);
  sha256 = createHash('sha256').update(readFileSync(archivePath)).digest('hex');
  const template = readFileSync(join(repoRoot, 'deploy/krew/packetpath.yaml'), 'utf8');
  manifest = parse(render(template, `v${pkg.version}`, sha256)) as Manifest;
  const unpacked = spawnSync('tar', ['-xzf', archivePath, '-C', work, '--one-top-level=plugin'], {
    encoding: 'utf8',
  });
  expect(unpacked.status, unpacked.stderr).toBe(0);
}, 120_000);

describe('krew plugin', () => {
  it('has a manifest as krew validates it: name, semver tag, platforms with selector, uri, sha256, bin', () => {
    expect(manifest.apiVersion).toBe('krew.googlecontainertools.github.com/v1alpha2');
    expect(manifest.kind).toBe('Plugin');
    expect(manifest.metadata.name).toBe('packetpath');
    expect(manifest.spec.version).toMatch(/^v\d+\.\d+\.\d+$/);
    expect(manifest.spec.shortDescription.length).toBeLessThanOrEqual(80);
    expect(manifest.spec.homepage).toMatch(/^https:\/\//);
    const [platform] = manifest.spec.platforms;
    expect(platform?.uri).toBe(
      `https://github.com/packetpath/packetpath/releases/download/v${pkg.version}/kubectl-packetpath.tar.gz`,
    );
    expect(platform?.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(platform?.selector.matchExpressions).toEqual([
      { key: 'os', operator: 'In', values: ['linux', 'darwin'] },
    ]);
    // `bin` must be one of the files krew copies in.
    expect(platform?.files.map((f) => f.from)).toContain(platform?.bin);
  });

  it('archives the same bytes from the same sources, and writes their digest beside them', () => {
    const again = join(work, 'again');
    const made = spawnSync(process.execPath, [join(repoRoot, 'scripts/package-krew.mjs'), again], {
      encoding: 'utf8',
    });
    expect(made.status).toBe(0);
    expect(
      createHash('sha256')
        .update(readFileSync(join(again, 'kubectl-packetpath.tar.gz')))
        .digest('hex'),
    ).toBe(sha256);
    expect(readFileSync(`${archivePath}.sha256`, 'utf8')).toBe(`${sha256}  kubectl-packetpath.tar.gz\n`);
  });

  it('unpacks to exactly the files the manifest names, the launcher executable', () => {
    for (const f of manifest.spec.platforms[0]!.files)
      expect(statSync(join(installDir, f.from)).isFile()).toBe(true);
    expect(statSync(join(installDir, 'kubectl-packetpath')).mode & 0o111).not.toBe(0);
  });

  const env = () => ({
    ...process.env,
    KUBECONFIG: '',
    NODE_PATH: '',
    PATH: `${installDir}${delimiter}${process.env.PATH ?? ''}`,
  });

  it('runs through kubectl from the unpacked archive alone (no node_modules), on a dump', () => {
    const kubectl = tool('kubectl');
    const version = spawnSync(kubectl, ['packetpath', '--version'], {
      encoding: 'utf8',
      env: env(),
      cwd: work,
    });
    expect(version.stderr).toBe('');
    expect(version.stdout).toBe(`packetpath ${pkg.version}\n`);
    const minimal = join(repoRoot, 'test/peer-suites/netpol-analyzer/cases/netpol-analysis-example-minimal');
    const reach = spawnSync(kubectl, ['packetpath', 'reach', join(minimal, 'manifests'), '-o', 'json'], {
      encoding: 'utf8',
      env: env(),
      cwd: work,
    });
    expect(reach.stderr).toBe('');
    expect(JSON.parse(reach.stdout).pairs).toEqual(
      (JSON.parse(readFileSync(join(minimal, 'expected.json'), 'utf8')) as { pairs: unknown[] }).pairs,
    );
  });

  describe('against a cluster', () => {
    let api: FakeApiServer;
    let kubeconfig: string;
    beforeAll(async () => {
      api = new FakeApiServer();
      seedCluster(api);
      await api.listen();
      kubeconfig = api.writeKubeconfig(join(work, 'kubeconfig'), 'lab');
    });
    afterAll(async () => api.close());

    it('reads it live with the bundled Kubernetes client (--live --kubeconfig)', async () => {
      // Asynchronous: the fake API server answers from this process.
      const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        const child = spawn(
          join(installDir, 'kubectl-packetpath'),
          ['lint', '--live', '--kubeconfig', kubeconfig, '-o', 'json'],
          {
            env: env(),
            cwd: work,
          },
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
        child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (code) => resolve({ code, stdout, stderr }));
      });
      expect(result.stderr).not.toMatch(/Error:|at .*\.mjs/);
      expect(result.code).toBe(0);
      expect(JSON.parse(result.stdout)).toHaveProperty('findings');
    });
  });
});
