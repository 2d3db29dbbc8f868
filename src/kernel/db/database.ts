// The database port. Two backends run the same SQL: PGlite (embedded PostgreSQL compiled to WASM, the
// laptop default) and a real PostgreSQL pool (for scale-out). Everything above this file sees only `Db`.

export interface QueryResult<T> {
  rows: T[];
  rowCount: number;
}

/** Something that runs SQL: the database itself or an open transaction. Stores accept either. */
export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<QueryResult<T>>;
  /** Runs a script of several statements without parameters (migrations). */
  exec(sql: string): Promise<void>;
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  /** Pool statistics for /metrics. */
  stats(): { total: number; idle: number; waiting: number };
  close(): Promise<void>;
}

/** Runs `fn` in the caller's transaction when one is given, otherwise in a new one. */
export function inTransaction<T>(db: Db, tx: Queryable | undefined, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  return tx ? fn(tx) : db.transaction(fn);
}
