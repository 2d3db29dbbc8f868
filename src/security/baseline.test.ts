import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../kernel/errors.js';
import { baselineMatcher, createBaseline, parseBaseline, readBaseline, writeBaseline } from './baseline.js';
import { fingerprintOf, type Finding } from './finding.js';

const finding = (ruleId: string, file: string, key = ''): Finding => ({
  ruleId,
  scanner: 'fake',
  severity: 'high',
  title: ruleId,
  message: ruleId,
  file,
  line: 1,
  column: 1,
  fingerprint: fingerprintOf('fake', ruleId, file, key),
});

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'paved-baseline-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('baseline', () => {
  it('records fingerprints sorted and de-duplicated, and round-trips through a file', async () => {
    const findings = [finding('b.rule', 'z.tf'), finding('a.rule', 'a.tf'), finding('a.rule', 'a.tf')];
    const baseline = createBaseline(findings, new Date('2026-01-02T03:04:05Z'));
    expect(baseline).toEqual({
      version: 1,
      created: '2026-01-02T03:04:05.000Z',
      entries: [
        { fingerprint: findings[1]!.fingerprint, ruleId: 'a.rule', file: 'a.tf' },
        { fingerprint: findings[0]!.fingerprint, ruleId: 'b.rule', file: 'z.tf' },
      ],
    });
    const path = join(dir, 'baseline.json');
    await writeBaseline(path, baseline);
    expect(await readBaseline(path)).toEqual(baseline);
  });

  it('matches by fingerprint only, so a moved line is still known', () => {
    const known = baselineMatcher(createBaseline([finding('a.rule', 'a.tf', 'bucket')]));
    expect(known({ ...finding('a.rule', 'a.tf', 'bucket'), line: 99 })).toBe(true);
    expect(known(finding('a.rule', 'a.tf', 'other-bucket'))).toBe(false);
  });

  it('never records or hides a scanner crash', () => {
    const crash = finding('paved.scanner-error', '');
    const baseline = createBaseline([crash]);
    expect(baseline.entries).toEqual([]);
    expect(baselineMatcher({ ...baseline, entries: [{ fingerprint: crash.fingerprint, ruleId: crash.ruleId, file: '' }] })(crash)).toBe(false);
  });

  it('rejects malformed files naming the file and what is wrong', async () => {
    expect(() => parseBaseline('{"version": 1,', 'ci/base.json')).toThrow(/baseline ci\/base.json is not valid JSON/);
    try {
      parseBaseline(JSON.stringify({ version: 1, created: 'x', entries: [{ ruleId: 'a', file: 'b' }] }), 'ci/base.json');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).message).toContain('ci/base.json');
      expect((error as InputError).details[0]!.path).toBe('ci/base.json: entries[0].fingerprint');
    }
    expect(() => parseBaseline(JSON.stringify({ version: 2, created: 'x', entries: [] }), 'b.json')).toThrow(InputError);
    await expect(readBaseline(join(dir, 'missing.json'), 'missing.json')).rejects.toThrow('cannot read baseline missing.json: no such file');
    await writeFile(join(dir, 'array.json'), '[]');
    await expect(readBaseline(join(dir, 'array.json'))).rejects.toThrow(/is not a Paved baseline file/);
    expect(await readFile(join(dir, 'array.json'), 'utf8')).toBe('[]');
  });
});
