// The worker-thread pool runs only from compiled code (it needs worker.js), so this test drives the
// build in dist/ (made by `npm test` before vitest runs) and checks that a threaded scan returns
// exactly what an in-process scan returns.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Scanner } from '../scanner.js';

const built = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'dist', 'src', 'security', 'iac', 'index.js');

describe.skipIf(!existsSync(built))('worker-thread pool (compiled build)', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'paved-iac-pool-'));
    for (let i = 0; i < 70; i++)
      await writeFile(join(root, `t${i}.yaml`), `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  B${i}:\n    Type: AWS::S3::Bucket\n    Properties:\n      AccessControl: ${i % 2 ? 'PublicRead' : 'Private'}\n`);
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('finds the same things on two threads as in one', async () => {
    const { iacScanner } = (await import(pathToFileURL(built).href)) as { iacScanner: Scanner };
    const progress: number[] = [];
    const threaded = await iacScanner.scan({ root, options: { threads: '2' }, onProgress: (done) => progress.push(done) });
    const single = await iacScanner.scan({ root, options: { threads: '1' } });
    expect(threaded.scanned).toBe(70);
    expect(threaded.findings.length).toBeGreaterThan(70);
    expect(threaded.findings).toEqual(single.findings);
    expect(threaded.findings.filter((f) => f.ruleId === 'PAVED-S3-008')).toHaveLength(35);
    expect(progress.at(-1)).toBe(70);
  });
});
