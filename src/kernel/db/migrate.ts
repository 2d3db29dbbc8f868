// Forward-only, numbered SQL migrations. Each capability owns a folder of `NNNN_name.sql` files.
// All pending migrations run in ONE transaction that first takes a transaction-level advisory lock, so
// two servers starting at once against the same database apply each migration exactly once (the second
// waits for the lock, then finds nothing to do). DDL is transactional in PostgreSQL, so a failed
// migration leaves the database as it was.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from './database.js';

export interface MigrationSource {
  /** The capability that owns these migrations (`kernel`, `catalog`, …). */
  capability: string;
  /** Absolute path of the folder holding `NNNN_name.sql` files. */
  dir: string;
}

interface Migration {
  capability: string;
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

/** A constant key for pg_advisory_xact_lock: "paved" + "mig" as bytes. */
const MIGRATION_LOCK_KEY = 0x70617665;

function readMigrations(source: MigrationSource): Migration[] {
  const files = readdirSync(source.dir).filter((f) => f.endsWith('.sql')).sort();
  return files.map((file) => {
    const match = /^(\d{4})_([a-z0-9_]+)\.sql$/.exec(file);
    if (!match) throw new Error(`migration file name must be NNNN_name.sql: ${join(source.dir, file)}`);
    const sql = readFileSync(join(source.dir, file), 'utf8');
    return {
      capability: source.capability,
      version: Number(match[1]),
      name: match[2]!,
      sql,
      checksum: createHash('sha256').update(sql).digest('hex'),
    };
  });
}

export async function migrate(db: Db, sources: MigrationSource[]): Promise<{ applied: string[] }> {
  const migrations = sources.flatMap(readMigrations);
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    await tx.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      capability text NOT NULL,
      version integer NOT NULL,
      name text NOT NULL,
      checksum text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (capability, version))`);
    const { rows } = await tx.query<{ capability: string; version: number; checksum: string }>(
      'SELECT capability, version, checksum FROM schema_migrations',
    );
    const done = new Map(rows.map((r) => [`${r.capability}/${r.version}`, r.checksum]));
    const applied: string[] = [];
    for (const m of migrations) {
      const key = `${m.capability}/${m.version}`;
      const checksum = done.get(key);
      if (checksum !== undefined) {
        if (checksum !== m.checksum) {
          throw new Error(`migration ${m.capability} ${m.version}_${m.name} was changed after it was applied; add a new migration instead`);
        }
        continue;
      }
      await tx.exec(m.sql);
      await tx.query('INSERT INTO schema_migrations (capability, version, name, checksum) VALUES ($1, $2, $3, $4)', [
        m.capability,
        m.version,
        m.name,
        m.checksum,
      ]);
      applied.push(`${key}_${m.name}`);
    }
    return { applied };
  });
}
