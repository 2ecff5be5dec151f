// Some registries serve only the platform packages for the machine they run on, so
// `npm install` there writes a lock without the other platforms' optional binaries
// (@next/swc-darwin-*, @tailwindcss/oxide-win32-*, ...), and `npm ci` then rejects the
// lock as out of sync. This adds the missing optional entries with their os/cpu
// constraints, as a lock written against the full registry has them: npm skips them on
// other platforms and fetches them by name and version where they apply.
// Run after any `npm install`: node scripts/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

/** os / cpu / libc of a platform package, read from its name (the packages' own convention). */
function platformOf(name) {
  const tail = name.split('/').pop();
  const os = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openbsd', 'netbsd', 'sunos', 'aix'].find(
    (o) => tail.includes(`-${o}-`) || tail.endsWith(`-${o}`),
  );
  const cpu = [
    'arm64',
    'x64',
    'ia32',
    'arm',
    'wasm32',
    'riscv64',
    'ppc64',
    's390x',
    'loong64',
    'mips64el',
  ].find((c) => new RegExp(`-${c}(-|$)`).test(tail));
  const libc = /-musl(-|$)/.test(tail) ? 'musl' : /-gnu/.test(tail) && os === 'linux' ? 'glibc' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [dep, range] of Object.entries(entry.optionalDependencies ?? {})) {
    const base = path === '' ? '' : `${path}/`;
    const candidates = [`${base}node_modules/${dep}`, `node_modules/${dep}`];
    if (candidates.some((c) => packages[c])) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os && !cpu) continue; // not a platform binary: leave it for npm to resolve
    packages[`node_modules/${dep}`] = {
      version: range.replace(/^[\^~=]/, ''),
      optional: true,
      ...(cpu ? { cpu: [cpu] } : {}),
      ...(os ? { os: [os] } : {}),
      ...(libc ? { libc: [libc] } : {}),
    };
    added++;
  }
}

lock.packages = Object.fromEntries(
  Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : a > b ? 1 : 0)),
);
writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`complete-lockfile: added ${added} optional platform entries`);
