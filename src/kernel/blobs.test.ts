import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { FsBlobStore } from './blobs.js';
import { InputError, NotFoundError } from './errors.js';

describe('filesystem blob store', () => {
  const root = mkdtempSync(join(tmpdir(), 'paved-blobs-'));
  const store = new FsBlobStore(root);
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('names blobs by their sha256 and stores the same bytes once', async () => {
    const data = Buffer.from('hello paved');
    const digest = createHash('sha256').update(data).digest('hex');
    expect(await store.put(data)).toEqual({ digest, size: data.length });
    expect(await store.put(Readable.from([Buffer.from('hello '), Buffer.from('paved')]))).toEqual({ digest, size: 11 });
    expect((await store.get(digest)).toString()).toBe('hello paved');
    expect(await store.size(digest)).toBe(11);
    expect(readdirSync(join(root, 'tmp'))).toEqual([]);
  });

  it('refuses malformed digests (no path traversal) and reports missing blobs', async () => {
    await expect(store.get('../../etc/passwd')).rejects.toBeInstanceOf(InputError);
    await expect(store.get('0'.repeat(64))).rejects.toBeInstanceOf(NotFoundError);
    expect(await store.has('0'.repeat(64))).toBe(false);
  });

  it('deletes', async () => {
    const { digest } = await store.put(Buffer.from('gone'));
    await store.delete(digest);
    expect(await store.has(digest)).toBe(false);
  });
});
