import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { osvValidator } from '../test-support/schemas.js';
import { eco, osvRecord } from '../test-support/osv.js';
import { VulnDb } from './store.js';

const dir = mkdtempSync(join(tmpdir(), 'paved-vulndb-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('vulnerability database', () => {
  it('the shipped OSV schema is the official one', () => {
    expect(readFileSync(new URL('./osv.schema.json', import.meta.url), 'utf8')).toBe(
      readFileSync(join(new URL('../../../../../shared/schemas/osv.schema.json', import.meta.url).pathname), 'utf8'),
    );
    expect(osvValidator()(osvRecord('GHSA-1', 'npm', 'a', [eco([{ introduced: '0' }])]))).toBe(true);
  });

  it('imports a folder and OSV all.zip, rejects invalid records, re-imports incrementally, honours withdrawn', async () => {
    const src = join(dir, 'src');
    mkdirSync(join(src, 'nested'), { recursive: true });
    writeFileSync(join(src, 'a.json'), JSON.stringify(osvRecord('GHSA-a', 'npm', 'left-pad', [eco([{ introduced: '0' }, { fixed: '1.3.1' }])])));
    writeFileSync(join(src, 'nested', 'b.json'), JSON.stringify(osvRecord('PYSEC-b', 'PyPI', 'requests', [eco([{ introduced: '0' }, { fixed: '2.31.0' }])])));
    writeFileSync(join(src, 'bad.json'), JSON.stringify({ id: 'X-1', affected: 'nope' }));
    writeFileSync(join(src, 'broken.json'), '{ not json');
    const db = new VulnDb(join(dir, 'db'));
    const first = await db.import(src);
    expect(first).toMatchObject({ read: 4, added: 2, updated: 0, unchanged: 0 });
    expect(first.invalid.map((i) => i.source).sort()).toEqual(['bad.json', 'broken.json']);
    expect(first.invalid.find((i) => i.source === 'bad.json')!.problem).toMatch(/modified|affected/);

    const manifest = await new VulnDb(join(dir, 'db')).manifest();
    expect(manifest.ecosystems.npm).toMatchObject({ records: 1, withdrawn: 0, newestModified: '2024-01-01T00:00:00Z' });
    expect(manifest.ecosystems.PyPI!.records).toBe(1);

    // all.zip: same record unchanged, a newer version of GHSA-a withdrawn, one new Go record.
    const zip = zipSync({
      'GHSA-a.json': strToU8(JSON.stringify(osvRecord('GHSA-a', 'npm', 'left-pad', [eco([{ introduced: '0' }])], { modified: '2024-05-01T00:00:00Z', withdrawn: '2024-05-01T00:00:00Z' }))),
      'PYSEC-b.json': strToU8(JSON.stringify(osvRecord('PYSEC-b', 'PyPI', 'requests', [eco([{ introduced: '0' }, { fixed: '2.31.0' }])]))),
      'GO-c.json': strToU8(JSON.stringify(osvRecord('GO-c', 'Go', 'golang.org/x/text', [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: '0.3.8' }] }]))),
    });
    writeFileSync(join(dir, 'all.zip'), zip);
    const second = await new VulnDb(join(dir, 'db')).import(join(dir, 'all.zip'));
    expect(second).toMatchObject({ read: 3, added: 1, updated: 1, unchanged: 1, withdrawn: 1, invalid: [] });
    const after = await new VulnDb(join(dir, 'db')).manifest();
    expect(after.ecosystems.npm).toMatchObject({ records: 1, withdrawn: 1, newestModified: '2024-05-01T00:00:00Z' });
    expect(Object.keys(after.ecosystems).sort()).toEqual(['Go', 'PyPI', 'npm']);

    // An older copy does not overwrite a newer one.
    const third = await new VulnDb(join(dir, 'db')).import(join(src, 'a.json'));
    expect(third).toMatchObject({ unchanged: 1, updated: 0 });
  });

  it('a missing path and a corrupt zip are clear errors', async () => {
    const db = new VulnDb(join(dir, 'db2'));
    await expect(db.import(join(dir, 'nope'))).rejects.toThrow(/does not exist/);
    writeFileSync(join(dir, 'bad.zip'), 'not a zip');
    await expect(db.import(join(dir, 'bad.zip'))).rejects.toThrow(/not a readable zip/);
  });
});
