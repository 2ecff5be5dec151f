// `npm run test:e2e`: a production build, then Playwright against `next start`.
// Skips the build when PACKETPATH_SKIP_BUILD=1 (a build made just before).
import { spawnSync } from 'node:child_process';

function run(cmd, args) {
  const result = spawnSync(cmd, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (process.env.PACKETPATH_SKIP_BUILD !== '1') run('npx', ['next', 'build']);
run('npx', ['playwright', 'test', ...process.argv.slice(2)]);
