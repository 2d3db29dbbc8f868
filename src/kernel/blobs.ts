// Content-addressed blob store: a blob's name is the sha256 of its bytes, so writes are idempotent and
// a blob can never change under its name. The filesystem store writes to a temporary file and renames,
// so a crash never leaves a half-written blob under a valid name.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { InputError, NotFoundError } from './errors.js';

export interface BlobStore {
  /** Stores bytes and returns their sha256 (hex). Storing the same bytes twice is a no-op. */
  put(data: Buffer | Uint8Array | Readable): Promise<{ digest: string; size: number }>;
  get(digest: string): Promise<Buffer>;
  stream(digest: string): Promise<Readable>;
  has(digest: string): Promise<boolean>;
  size(digest: string): Promise<number>;
  delete(digest: string): Promise<void>;
}

const digestPattern = /^[0-9a-f]{64}$/;

function checkDigest(digest: string): void {
  if (!digestPattern.test(digest)) throw new InputError(`not a sha256 digest: ${JSON.stringify(digest)}`);
}

export class FsBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private path(digest: string): string {
    checkDigest(digest);
    return join(this.root, digest.slice(0, 2), digest.slice(2));
  }

  async put(data: Buffer | Uint8Array | Readable): Promise<{ digest: string; size: number }> {
    await mkdir(join(this.root, 'tmp'), { recursive: true });
    const tmp = join(this.root, 'tmp', randomBytes(12).toString('hex'));
    const hash = createHash('sha256');
    let size = 0;
    const file = await open(tmp, 'wx', 0o600);
    try {
      const chunks: AsyncIterable<Uint8Array> | Uint8Array[] = data instanceof Uint8Array ? [data] : (data as AsyncIterable<Uint8Array>);
      for await (const chunk of chunks) {
        hash.update(chunk);
        size += chunk.length;
        await file.write(chunk);
      }
      await file.sync();
    } catch (error) {
      await file.close();
      await rm(tmp, { force: true });
      throw error;
    }
    await file.close();
    const digest = hash.digest('hex');
    const final = this.path(digest);
    await mkdir(join(this.root, digest.slice(0, 2)), { recursive: true });
    await rename(tmp, final);
    return { digest, size };
  }

  async get(digest: string): Promise<Buffer> {
    try {
      return await readFile(this.path(digest));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new NotFoundError(`blob ${digest} not found`);
      throw error;
    }
  }

  async stream(digest: string): Promise<Readable> {
    const path = this.path(digest);
    if (!(await this.has(digest))) throw new NotFoundError(`blob ${digest} not found`);
    return createReadStream(path);
  }

  async has(digest: string): Promise<boolean> {
    try {
      await stat(this.path(digest));
      return true;
    } catch {
      return false;
    }
  }

  async size(digest: string): Promise<number> {
    try {
      return (await stat(this.path(digest))).size;
    } catch {
      throw new NotFoundError(`blob ${digest} not found`);
    }
  }

  async delete(digest: string): Promise<void> {
    await rm(this.path(digest), { force: true });
  }
}
