// Starts a throwaway PostgreSQL server for the store suite: Debian's packages (installed
// with apt-get when missing), a temporary data directory owned by `postgres` (initdb
// refuses to run as root), a private port and socket directory, 127.0.0.1 only.

import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export type PostgresServer =
  | { readonly ok: true; readonly connectionString: string; stop(): void }
  | { readonly ok: false; readonly reason: string };

function findBin(): string | undefined {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return undefined;
  const versions = readdirSync(base).sort((a, b) => Number(b) - Number(a));
  for (const v of versions) if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  return undefined;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const isRoot = userInfo().uid === 0;
  let bin = findBin();
  if (!bin && isRoot) {
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'ignore', env, timeout: 300_000 });
    spawnSync('apt-get', ['install', '-y', '-q', 'postgresql'], { stdio: 'ignore', env, timeout: 300_000 });
    bin = findBin();
  }
  if (!bin)
    return {
      ok: false,
      reason: 'PostgreSQL is not installed and `apt-get install -y postgresql` did not provide initdb',
    };

  const asPg = (cmd: string, args: string[]) =>
    isRoot
      ? spawnSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { encoding: 'utf8' })
      : spawnSync(cmd, args, { encoding: 'utf8' });

  const base = mkdtempSync(join(tmpdir(), 'pp-pg-'));
  const data = join(base, 'data');
  if (isRoot) {
    const pgUser = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
    const pgGroup = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
    if (pgUser.status !== 0) return { ok: false, reason: 'there is no postgres user to run the server as' };
    chownSync(base, Number(pgUser.stdout.trim()), Number(pgGroup.stdout.trim()));
  }
  const init = asPg(join(bin, 'initdb'), [
    '-D',
    data,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-instructions',
  ]);
  if (init.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    return { ok: false, reason: `initdb failed: ${init.stderr || init.error}` };
  }
  const port = await freePort();
  const opts = `-p ${port} -k ${base} -c listen_addresses=127.0.0.1 -c max_connections=60 -c shared_buffers=32MB`;
  const start = asPg(join(bin, 'pg_ctl'), [
    '-D',
    data,
    '-o',
    opts,
    '-l',
    join(base, 'server.log'),
    '-w',
    '-t',
    '60',
    'start',
  ]);
  if (start.status !== 0) {
    rmSync(base, { recursive: true, force: true });
    return { ok: false, reason: `pg_ctl start failed: ${start.stderr || start.stdout}` };
  }
  return {
    ok: true,
    connectionString: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop() {
      asPg(join(bin, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      rmSync(base, { recursive: true, force: true });
    },
  };
}
