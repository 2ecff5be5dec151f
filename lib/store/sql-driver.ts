// The little SQL surface both back ends share, so one store implementation (sql-store.ts)
// and one migration runner serve SQLite and PostgreSQL. Statements are written with `?`
// placeholders; the PostgreSQL driver renumbers them to `$1, $2, ...`.

export type SqlValue = string | number | null;

export interface SqlExecutor {
  all<T extends object>(sql: string, params?: readonly SqlValue[]): Promise<T[]>;
  /** Runs a statement; resolves to the number of rows it changed. */
  run(sql: string, params?: readonly SqlValue[]): Promise<number>;
}

export interface SqlDriver extends SqlExecutor {
  readonly kind: 'sqlite' | 'postgres';
  /** Runs `fn` in one transaction; it commits (durably) before the promise resolves. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Runs a script of several statements without parameters. */
  exec(script: string): Promise<void>;
  /** A statement taking a lock that serializes migrations across processes (inside a transaction). */
  readonly migrationLock?: string;
  close(): Promise<void>;
}
