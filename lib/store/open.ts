// Constructors for the two back ends and the configuration that picks one.

import { resolve, join } from 'node:path';
import type { Store } from './types';
import { openSqliteDriver } from './sqlite-driver';
import { openPostgresDriver } from './postgres-driver';
import { createSqlStore } from './sql-store';

export interface StoreClock {
  /** Injected clock for expiry tests; defaults to the wall clock. */
  readonly now?: () => Date;
}

/** SQLite store in `file` (created with its directory on first start). */
export function createSqliteStore(options: { file: string } & StoreClock): Promise<Store> {
  return createSqlStore(openSqliteDriver(options.file), options.now);
}

/** PostgreSQL store over a connection pool; migrations run under an advisory lock. */
export async function createPostgresStore(
  options: { connectionString: string; poolSize?: number } & StoreClock,
): Promise<Store> {
  const driver = openPostgresDriver(options.connectionString, options.poolSize);
  try {
    return await createSqlStore(driver, options.now);
  } catch (err) {
    await driver.close();
    throw err;
  }
}

/** Environment variables as read here (a plain record, so tests can pass their own). */
type Env = Readonly<Record<string, string | undefined>>;

export type StoreConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly connectionString: string };

/** The data directory: `PACKETPATH_DATA_DIR`, default `./data` (relative to the working directory). */
export function dataDir(env: Env = process.env): string {
  // Chosen at run time on purpose: the bundler must not trace the data directory.
  return resolve(/*turbopackIgnore: true*/ env.PACKETPATH_DATA_DIR || 'data');
}

/** PostgreSQL when `DATABASE_URL` is a postgres:// URL, else SQLite under the data directory. */
export function storeConfig(env: Env = process.env): StoreConfig {
  const url = env.DATABASE_URL?.trim();
  if (url && /^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', connectionString: url };
  return { kind: 'sqlite', file: join(dataDir(env), 'packetpath.db') };
}

export function openStore(config: StoreConfig): Promise<Store> {
  switch (config.kind) {
    case 'sqlite':
      return createSqliteStore({ file: config.file });
    case 'postgres':
      return createPostgresStore({ connectionString: config.connectionString });
    default: {
      const never: never = config;
      throw new Error(`unknown store kind ${JSON.stringify(never)}`);
    }
  }
}
