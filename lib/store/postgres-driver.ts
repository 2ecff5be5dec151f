// node-postgres Pool behind the async SqlDriver interface. A transaction holds one
// client from BEGIN to COMMIT; COMMIT returns after PostgreSQL has flushed the WAL
// (synchronous_commit is on by default), so an acknowledged write survives a crash.

import pg from 'pg';
import type { SqlDriver, SqlExecutor, SqlValue } from './sql-driver';

/** `?` placeholders → `$1, $2, ...` (our statements never contain a literal `?`). */
function numbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function executor(client: pg.Pool | pg.PoolClient): SqlExecutor {
  return {
    async all<T extends object>(sql: string, params: readonly SqlValue[] = []) {
      const res = await client.query(numbered(sql), [...params]);
      return res.rows as T[];
    },
    async run(sql: string, params: readonly SqlValue[] = []) {
      const res = await client.query(numbered(sql), [...params]);
      return res.rowCount ?? 0;
    },
  };
}

export function openPostgresDriver(connectionString: string, poolSize = 10): SqlDriver {
  const pool = new pg.Pool({ connectionString, max: poolSize });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const direct = executor(pool);
  return {
    kind: 'postgres',
    ...direct,
    // Serializes migrations of several replicas starting at once (released at COMMIT).
    migrationLock: 'SELECT pg_advisory_xact_lock(7270416)',
    async exec(script) {
      await pool.query(script);
    },
    async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(executor(client));
        await client.query('COMMIT');
        return result;
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
