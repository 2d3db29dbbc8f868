// The audit chain's pure parts: the canonical form of a record, its hash, digest signatures and the
// verification walk. No database here, so the same code verifies online (server) and offline (CLI).
import { createHash, createPublicKey, verify as verifySignature, type KeyObject } from 'node:crypto';

export const GENESIS_HASH = '0'.repeat(64);

export interface AuditRecord {
  seq: number;
  at: Date;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  requestId: string | null;
  sourceIp: string | null;
  details: Record<string, unknown>;
  prevHash: string;
  hash: string;
}

export interface AuditDigest {
  id: number;
  lastSeq: number;
  lastHash: string;
  at: Date;
  keyId: string;
  signature: string;
}

/** JSON with object keys sorted at every depth, so jsonb's key reordering cannot change a hash. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).filter((k) => obj[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}

export function recordHash(prevHash: string, r: Omit<AuditRecord, 'hash' | 'prevHash'>): string {
  const canonical = canonicalJson({
    seq: r.seq,
    at: r.at.toISOString(),
    actor: r.actor,
    action: r.action,
    resource: r.resource,
    outcome: r.outcome,
    requestId: r.requestId,
    sourceIp: r.sourceIp,
    details: r.details,
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The exact bytes a digest signature covers. */
export function digestPayload(d: Pick<AuditDigest, 'id' | 'lastSeq' | 'lastHash' | 'at' | 'keyId'>): Buffer {
  return Buffer.from(
    canonicalJson({ id: d.id, lastSeq: d.lastSeq, lastHash: d.lastHash, at: d.at.toISOString(), keyId: d.keyId }),
  );
}

export function keyIdOf(publicKey: KeyObject): string {
  return createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex').slice(0, 16);
}

export type ProblemKind = 'modified' | 'deleted' | 'reordered' | 'bad-signature' | 'rewritten';

export interface VerifyProblem {
  /** The first sequence number found wrong. */
  seq: number;
  kind: ProblemKind;
  message: string;
}

export interface VerifyReport {
  ok: boolean;
  records: number;
  digests: number;
  lastSeq: number;
  problems: VerifyProblem[];
}

/**
 * Walks the chain in sequence order and checks every link, then every digest. Records arrive as an
 * async iterable so the server can page through millions of rows without holding them all.
 */
export async function verifyChain(
  records: AsyncIterable<AuditRecord>,
  digests: AuditDigest[],
  trustedKeys: KeyObject[],
): Promise<VerifyReport> {
  const problems: VerifyProblem[] = [];
  const hashAt = new Map<number, string>();
  const digestSeqs = new Set(digests.map((d) => d.lastSeq));
  let expected = 1;
  let prev = GENESIS_HASH;
  let count = 0;
  for await (const r of records) {
    count++;
    if (r.seq !== expected) {
      problems.push({
        seq: expected,
        kind: 'deleted',
        message: r.seq > expected ? `records ${expected}..${r.seq - 1} are missing` : `record ${r.seq} appears out of order`,
      });
    }
    const recomputed = recordHash(r.prevHash, r);
    if (recomputed !== r.hash) {
      problems.push({ seq: r.seq, kind: 'modified', message: `record ${r.seq} does not match its hash (modified or swapped)` });
    } else if (r.prevHash !== prev && r.seq === expected) {
      problems.push({ seq: r.seq, kind: 'reordered', message: `record ${r.seq} does not follow record ${r.seq - 1} (reordered, or a record before it was replaced)` });
    }
    if (digestSeqs.has(r.seq)) hashAt.set(r.seq, r.hash);
    prev = r.hash;
    expected = r.seq + 1;
  }
  const lastSeq = expected - 1;

  const keys = new Map(trustedKeys.map((k) => [keyIdOf(k), k]));
  let previousDigestSeq = 0;
  for (const d of [...digests].sort((a, b) => a.lastSeq - b.lastSeq)) {
    const key = keys.get(d.keyId);
    const signatureOk = key !== undefined && verifySignature(null, digestPayload(d), key, Buffer.from(d.signature, 'base64'));
    if (!signatureOk) {
      problems.push({
        seq: d.lastSeq,
        kind: 'bad-signature',
        message: key ? `digest ${d.id} (up to record ${d.lastSeq}) has an invalid signature` : `digest ${d.id} is signed by unknown key ${d.keyId}`,
      });
    } else if (d.lastSeq > lastSeq) {
      problems.push({ seq: lastSeq + 1, kind: 'deleted', message: `records ${lastSeq + 1}..${d.lastSeq} were deleted (signed digest ${d.id} covers them)` });
    } else if (hashAt.get(d.lastSeq) !== d.lastHash && !problems.some((p) => p.seq > previousDigestSeq && p.seq <= d.lastSeq)) {
      // Only when no record in this digest's range already explains the mismatch: then the chain was
      // recomputed after the change, and the digest is the only witness.
      problems.push({
        seq: previousDigestSeq + 1,
        kind: 'rewritten',
        message: `records ${previousDigestSeq + 1}..${d.lastSeq} were rewritten: the chain no longer matches signed digest ${d.id}`,
      });
    }
    previousDigestSeq = d.lastSeq;
  }
  problems.sort((a, b) => a.seq - b.seq);
  return { ok: problems.length === 0, records: count, digests: digests.length, lastSeq, problems };
}

export function publicKeyFromPem(pem: string): KeyObject {
  return createPublicKey(pem);
}
