// Appends to and reads the hash-chained audit log. `append` must be called inside the transaction of
// the change it records, so the change and its record commit or roll back together.
import { sign } from 'node:crypto';
import type { Db, Queryable } from '../db/database.js';
import { GENESIS_HASH, digestPayload, recordHash, verifyChain, type AuditDigest, type AuditRecord, type VerifyReport } from './chain.js';
import type { SigningKey } from './signing-key.js';
import type { KeyObject } from 'node:crypto';

export interface AuditEntry {
  actor: string;
  action: string;
  resource: string;
  outcome: 'success' | 'denied' | 'failure';
  requestId?: string | null;
  sourceIp?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditQuery {
  actor?: string;
  action?: string;
  resource?: string;
  outcome?: string;
  since?: Date;
  until?: Date;
  /** Return records with seq lower than this (cursor for paging newest first). */
  before?: number;
  limit?: number;
}

/** Serialises appends: the chain needs each record to see the previous hash. */
const AUDIT_LOCK_KEY = 0x61756474;

interface Row {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  request_id: string | null;
  source_ip: string | null;
  details: Record<string, unknown>;
  prev_hash: string;
  hash: string;
}

function toRecord(row: Row): AuditRecord {
  return {
    seq: Number(row.seq),
    at: new Date(row.at),
    actor: row.actor,
    action: row.action,
    resource: row.resource,
    outcome: row.outcome,
    requestId: row.request_id,
    sourceIp: row.source_ip,
    details: row.details ?? {},
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export class AuditLog {
  constructor(
    private readonly db: Db,
    private readonly key: SigningKey,
    private readonly digestEvery: number,
  ) {}

  /** Appends one record in the caller's transaction (or its own when none is given). */
  async append(entry: AuditEntry, tx?: Queryable): Promise<number> {
    const run = async (q: Queryable) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
      const last = await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
      const seq = (last.rows[0] ? Number(last.rows[0].seq) : 0) + 1;
      const prevHash = last.rows[0]?.hash ?? GENESIS_HASH;
      const record = {
        seq,
        at: new Date(),
        actor: entry.actor,
        action: entry.action,
        resource: entry.resource,
        outcome: entry.outcome,
        requestId: entry.requestId ?? null,
        sourceIp: entry.sourceIp ?? null,
        details: JSON.parse(JSON.stringify(entry.details ?? {})) as Record<string, unknown>,
      };
      const hash = recordHash(prevHash, record);
      await q.query(
        `INSERT INTO audit_log (seq, at, actor, action, resource, outcome, request_id, source_ip, details, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [seq, record.at, record.actor, record.action, record.resource, record.outcome, record.requestId, record.sourceIp, JSON.stringify(record.details), prevHash, hash],
      );
      if (seq % this.digestEvery === 0) await this.writeDigest(q, seq, hash);
      return seq;
    };
    return tx ? run(tx) : this.db.transaction(run);
  }

  /** Signs a digest of the chain up to the newest record, if records were added since the last digest. */
  async digestNow(): Promise<AuditDigest | undefined> {
    return this.db.transaction(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
      const last = await q.query<{ seq: number; hash: string }>('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1');
      const digest = await q.query<{ last_seq: number }>('SELECT last_seq FROM audit_digests ORDER BY id DESC LIMIT 1');
      const row = last.rows[0];
      if (!row || Number(digest.rows[0]?.last_seq ?? 0) >= Number(row.seq)) return undefined;
      return this.writeDigest(q, Number(row.seq), row.hash);
    });
  }

  private async writeDigest(q: Queryable, lastSeq: number, lastHash: string): Promise<AuditDigest> {
    const prev = await q.query<{ id: number }>('SELECT id FROM audit_digests ORDER BY id DESC LIMIT 1');
    const d = { id: (prev.rows[0] ? Number(prev.rows[0].id) : 0) + 1, lastSeq, lastHash, at: new Date(), keyId: this.key.keyId };
    const signature = sign(null, digestPayload(d), this.key.privateKey).toString('base64');
    await q.query('INSERT INTO audit_digests (id, last_seq, last_hash, at, key_id, signature) VALUES ($1, $2, $3, $4, $5, $6)', [
      d.id,
      d.lastSeq,
      d.lastHash,
      d.at,
      d.keyId,
      signature,
    ]);
    return { ...d, signature };
  }

  async list(query: AuditQuery): Promise<AuditRecord[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => {
      params.push(value);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (query.actor) add('actor = ?', query.actor);
    if (query.action) add(query.action.endsWith('*') ? 'action LIKE ?' : 'action = ?', query.action.endsWith('*') ? query.action.slice(0, -1) + '%' : query.action);
    if (query.resource) add('resource = ?', query.resource);
    if (query.outcome) add('outcome = ?', query.outcome);
    if (query.since) add('at >= ?', query.since);
    if (query.until) add('at < ?', query.until);
    if (query.before) add('seq < ?', query.before);
    params.push(Math.min(query.limit ?? 100, 1000));
    const { rows } = await this.db.query<Row>(
      `SELECT * FROM audit_log ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    return rows.map(toRecord);
  }

  async verify(trustedKeys: KeyObject[]): Promise<VerifyReport> {
    return verifyAuditLog(this.db, trustedKeys);
  }
}

/** Verifies the chain straight from a database (used by the server and by the offline CLI). */
export async function verifyAuditLog(db: Db, trustedKeys: KeyObject[]): Promise<VerifyReport> {
  async function* pages(): AsyncIterable<AuditRecord> {
    let after = 0;
    for (;;) {
      const { rows } = await db.query<Row>('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 2000', [after]);
      for (const row of rows) yield toRecord(row);
      if (rows.length < 2000) return;
      after = Number(rows[rows.length - 1]!.seq);
    }
  }
  const { rows } = await db.query<{ id: number; last_seq: number; last_hash: string; at: Date; key_id: string; signature: string }>(
    'SELECT * FROM audit_digests ORDER BY id',
  );
  const digests: AuditDigest[] = rows.map((r) => ({
    id: Number(r.id),
    lastSeq: Number(r.last_seq),
    lastHash: r.last_hash,
    at: new Date(r.at),
    keyId: r.key_id,
    signature: r.signature,
  }));
  return verifyChain(pages(), digests, trustedKeys);
}
