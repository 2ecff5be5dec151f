// The store suite against a real PostgreSQL server started for this file. When the server
// cannot be installed or started, the tests are skipped and the reason is printed.

import { afterAll, describe } from 'vitest';
import pg from 'pg';
import { createPostgresStore } from '../../lib/store/open';
import { openPostgresDriver } from '../../lib/store/postgres-driver';
import { startPostgres } from './postgres';
import { storeSuite } from './store-suite';

const server = await startPostgres();
afterAll(() => {
  if (server.ok) server.stop();
});

// CI installs PostgreSQL (.ci/run), so there a server that does not start is a failure,
// not a reason to skip.
if (!server.ok && process.env.CI) throw new Error(`PostgreSQL did not start in CI: ${server.reason}`);
if (!server.ok) console.warn(`PostgreSQL store tests skipped: ${server.reason}`);
const connectionString = server.ok ? server.connectionString : '';

describe.skipIf(!server.ok)('against a PostgreSQL server', () => {
  storeSuite('PostgreSQL', {
    open: (now) => createPostgresStore({ connectionString, poolSize: 8, ...(now ? { now } : {}) }),
    openDriver: () => openPostgresDriver(connectionString, 2),
    childEnv: () => ({ PP_STORE_KIND: 'postgres', PP_STORE_URL: connectionString }),
    async rawContents() {
      const client = new pg.Client({ connectionString });
      await client.connect();
      try {
        const rows: string[] = [];
        for (const table of ['blobs', 'catalogue', 'shares', 'schema_migrations']) {
          const res = await client.query<{ row: string }>(`SELECT t::text AS row FROM ${table} t`);
          rows.push(...res.rows.map((r) => r.row));
        }
        return rows.join('\n');
      } finally {
        await client.end();
      }
    },
  });
});
