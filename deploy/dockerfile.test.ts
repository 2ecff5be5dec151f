// No container engine runs here, so the image build is checked statically: what the
// Dockerfile copies exists, the app is built standalone, the user is not root, and the
// health check, port and data dir agree with the Kubernetes manifests.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { repoRoot } from './tools';

const dockerfile = readFileSync(join(repoRoot, 'deploy/Dockerfile'), 'utf8');
const lines = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l && !l.startsWith('#'));
const deployment = parse(readFileSync(join(repoRoot, 'deploy/kustomize/base/deployment.yaml'), 'utf8'));
const container = deployment.spec.template.spec.containers[0];

describe('deploy/Dockerfile', () => {
  it('builds in stages and runs the standalone server', () => {
    expect(lines.filter((l) => /^FROM /.test(l)).map((l) => l.split(/\s+AS\s+/i)[1])).toEqual([
      'deps',
      'build',
      'runtime',
    ]);
    expect(readFileSync(join(repoRoot, 'next.config.js'), 'utf8')).toMatch(
      /PACKETPATH_STANDALONE === '1' \? \{ output: 'standalone' \}/,
    );
    expect(lines.some((l) => /PACKETPATH_STANDALONE=1/.test(l))).toBe(true);
    expect(lines).toContain('CMD ["node", "server.js"]');
    expect(lines.some((l) => l.startsWith('COPY --from=build') && l.includes('/app/.next/standalone'))).toBe(
      true,
    );
    expect(
      lines.some((l) => l.startsWith('COPY --from=build') && l.includes('/app/.next/static ./.next/static')),
    ).toBe(true);
  });

  it('copies the native SQLite addon and every package it loads at run time', () => {
    const copied = lines
      .filter((l) => l.startsWith('COPY --from=build /app/node_modules/'))
      .map((l) => l.split(/\s+/)[2]!.replace('/app/node_modules/', ''));
    expect(copied).toContain('better-sqlite3');
    const runtimeDeps = (pkg: string): string[] => {
      const json = JSON.parse(readFileSync(join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8'));
      return Object.keys(json.dependencies ?? {}).filter((d) => d !== 'prebuild-install'); // install-time only
    };
    const needed = new Set<string>();
    const walk = (p: string): void => {
      for (const d of runtimeDeps(p)) {
        if (needed.has(d)) continue;
        needed.add(d);
        walk(d);
      }
    };
    walk('better-sqlite3');
    for (const d of needed) expect(copied, `node_modules/${d}`).toContain(d);
    for (const c of copied) expect(existsSync(join(repoRoot, 'node_modules', c)), c).toBe(true);
  });

  it('runs as a non-root user, on the port, data dir and health route the manifests use', () => {
    const user = lines.find((l) => l.startsWith('USER '))!.split(/\s+/)[1]!;
    expect(user.split(':')[0]).toBe(String(deployment.spec.template.spec.securityContext.runAsUser));
    expect(Number(user.split(':')[0])).toBeGreaterThan(0);
    expect(lines).toContain(`EXPOSE ${container.ports[0].containerPort}`);
    expect(dockerfile).toMatch(/PORT=3000/);
    expect(dockerfile).toMatch(/PACKETPATH_DATA_DIR=\/data/);
    const health = lines.find((l) => l.startsWith('HEALTHCHECK'))!;
    expect(health).toContain(container.livenessProbe.httpGet.path);
    expect(existsSync(join(repoRoot, 'app', container.livenessProbe.httpGet.path, 'route.ts'))).toBe(true);
    expect(existsSync(join(repoRoot, 'app', container.readinessProbe.httpGet.path, 'route.ts'))).toBe(true);
    // The read-only root file system needs Next's cache dir as a volume: the image creates it for the non-root user.
    expect(container.volumeMounts.map((m: { mountPath: string }) => m.mountPath)).toContain(
      '/app/.next/cache',
    );
    expect(dockerfile).toMatch(/mkdir -p \/data \/app\/\.next\/cache/);
  });

  it('keeps the build context small and free of local secrets', () => {
    const ignore = readFileSync(join(repoRoot, 'deploy/Dockerfile.dockerignore'), 'utf8').split('\n');
    for (const entry of ['node_modules', '.next', '.git', '.env*', 'data']) expect(ignore).toContain(entry);
  });
});
