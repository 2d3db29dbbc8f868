import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GENESIS_HASH, canonicalJson, digestPayload, keyIdOf, recordHash, verifyChain, type AuditDigest, type AuditRecord } from './chain.js';

const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyId = keyIdOf(publicKey);

function makeChain(n: number): AuditRecord[] {
  const records: AuditRecord[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const r = { seq, at: new Date(1_700_000_000_000 + seq), actor: 'user:a', action: 'iam:CreateUser', resource: `User:u${seq}`, outcome: 'success', requestId: `r${seq}`, sourceIp: '127.0.0.1', details: { n: seq } };
    const hash = recordHash(prev, r);
    records.push({ ...r, prevHash: prev, hash });
    prev = hash;
  }
  return records;
}

function digestOf(records: AuditRecord[], id: number, lastSeq: number): AuditDigest {
  const d = { id, lastSeq, lastHash: records[lastSeq - 1]!.hash, at: new Date(), keyId };
  return { ...d, signature: sign(null, digestPayload(d), privateKey).toString('base64') };
}

async function* iterate(records: AuditRecord[]) {
  yield* records;
}

describe('audit chain', () => {
  it('canonical JSON ignores key order at every depth', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { y: 2, x: 1 }], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, { x: 1, y: 2 }] }, b: 1 }));
  });

  it('accepts an intact chain with valid digests', async () => {
    const records = makeChain(10);
    const report = await verifyChain(iterate(records), [digestOf(records, 1, 5), digestOf(records, 2, 10)], [publicKey]);
    expect(report).toMatchObject({ ok: true, records: 10, digests: 2, lastSeq: 10, problems: [] });
  });

  it('names the modified record', async () => {
    const records = makeChain(10);
    records[6] = { ...records[6]!, actor: 'user:mallory' };
    const report = await verifyChain(iterate(records), [], [publicKey]);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: 7, kind: 'modified' });
  });

  it('names the first deleted record', async () => {
    const records = makeChain(10);
    records.splice(3, 2); // seq 4 and 5
    const report = await verifyChain(iterate(records), [], [publicKey]);
    expect(report.problems[0]).toMatchObject({ seq: 4, kind: 'deleted' });
  });

  it('detects two records swapped', async () => {
    const records = makeChain(10);
    const a = records[2]!;
    const b = records[3]!;
    records[2] = { ...b, seq: 3 };
    records[3] = { ...a, seq: 4 };
    const report = await verifyChain(iterate(records), [], [publicKey]);
    expect(report.ok).toBe(false);
    expect(report.problems[0]!.seq).toBe(3);
  });

  it('detects a truncated tail through the signed digest', async () => {
    const records = makeChain(10);
    const digests = [digestOf(records, 1, 10)];
    const report = await verifyChain(iterate(records.slice(0, 8)), digests, [publicKey]);
    expect(report.problems[0]).toMatchObject({ seq: 9, kind: 'deleted' });
  });

  it('detects a chain rewritten with fresh hashes, which only the signed digest can reveal', async () => {
    const original = makeChain(10);
    const digests = [digestOf(original, 1, 5), digestOf(original, 2, 10)];
    const forged = makeChain(10).map((r) => r); // same shape…
    // …but record 7 altered and every hash after it recomputed, as an attacker with database access would.
    let prev = forged[5]!.hash;
    for (let i = 6; i < 10; i++) {
      const r = { ...forged[i]!, actor: i === 6 ? 'user:mallory' : forged[i]!.actor, prevHash: prev };
      r.hash = recordHash(prev, r);
      forged[i] = r;
      prev = r.hash;
    }
    const report = await verifyChain(iterate(forged), digests, [publicKey]);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ seq: 6, kind: 'rewritten' });
  });

  it('refuses a digest signed by an unknown key or with a bad signature', async () => {
    const records = makeChain(3);
    const other = generateKeyPairSync('ed25519');
    const good = digestOf(records, 1, 3);
    const tampered = { ...good, lastHash: records[1]!.hash };
    expect((await verifyChain(iterate(records), [tampered], [publicKey])).problems[0]!.kind).toBe('bad-signature');
    expect((await verifyChain(iterate(records), [good], [other.publicKey])).problems[0]!.message).toMatch(/unknown key/);
  });
});
