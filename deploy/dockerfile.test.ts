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

  it('carries what the worker threads load outside the bundle: lib/, tsconfig.json and the production node_modules', () => {
    // The worker entry loads lib/ through tsx (lib/server/workers/entry.mjs), which Next's
    // file tracing never sees; deploy/scripts/check-standalone.mjs runs this tree for real.
    const runtime = dockerfile.slice(dockerfile.search(/^FROM .* AS runtime$/m));
    const copies = lines.filter((l) => runtime.includes(l) && l.startsWith('COPY --from=build'));
    for (const copy of [
      'COPY --from=build /app/node_modules ./node_modules',
      'COPY --from=build /app/lib ./lib',
      'COPY --from=build /app/tsconfig.json ./tsconfig.json',
    ])
      expect(copies).toContain(copy);
    // After the standalone copy, so the whole install (the native SQLite addon built in the
    // deps stage, tsx and esbuild, the serverExternalPackages) wins over the traced subset.
    const order = (needle: string) => copies.findIndex((l) => l.includes(needle));
    expect(order('/app/node_modules')).toBeGreaterThan(order('/app/.next/standalone'));
    // Pruned to production dependencies once the build no longer needs the rest.
    expect(lines.some((l) => l.includes('npx next build') && l.includes('npm prune --omit=dev'))).toBe(true);
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    for (const dep of ['tsx', 'better-sqlite3', 'piscina'])
      expect(Object.keys(pkg.dependencies)).toContain(dep);
    expect(existsSync(join(repoRoot, 'lib/server/workers/entry.mjs'))).toBe(true);
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
