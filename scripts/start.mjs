// `npm start`: build the production server when there is no build, or when sources
// changed since the last one, then serve it. Set PORT to change the port (default 3000).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const buildId = '.next/BUILD_ID';

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ['app', 'components', 'lib', 'public'].filter((d) => existsSync(d));
  return sources.some((d) => newestMtime(d) > built) || statSync('package.json').mtimeMs > built;
}

function run(args) {
  const result = spawnSync('npx', ['next', ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (needsBuild()) run(['build']);
run(['start', '-p', process.env.PORT ?? '3000']);
