import { describe, expect, it } from 'vitest';
import { findIgnore, parseIgnoreFile } from './ignore.js';

const now = new Date('2026-03-01T12:00:00Z');

describe('paved-ignore.yaml', () => {
  it('splits active and expired entries; until holds through its day', () => {
    const list = parseIgnoreFile(
      `ignore:\n  - id: GHSA-aaaa\n    reason: not reachable\n    until: 2026-03-01\n  - id: CVE-2020-1\n    reason: old\n    until: 2026-02-28\n  - id: GHSA-bbbb\n    reason: forever\n    package: lodash\n`,
      'paved-ignore.yaml',
      now,
    );
    expect(list.active.map((e) => e.id)).toEqual(['GHSA-aaaa', 'GHSA-bbbb']);
    expect(list.expired).toMatchObject([{ id: 'CVE-2020-1', line: 5 }]);
    expect(findIgnore(list, ['GHSA-x', 'GHSA-aaaa'], 'any')?.reason).toBe('not reachable');
    expect(findIgnore(list, ['GHSA-bbbb'], 'minimist')).toBeUndefined();
    expect(findIgnore(list, ['CVE-2020-1'], 'any')).toBeUndefined();
  });

  it.each([
    ['ignore:\n  - id: GHSA-a\n', /paved-ignore.yaml:2: entry GHSA-a has no "reason"/],
    ['ignore:\n  - reason: x\n', /has no "id"/],
    ['ignore:\n  - id: A\n    reason: r\n    until: next week\n', /"until" must be a date/],
    ['ignore: [\n', /invalid YAML/],
    ['ignore: 3\n', /expected a list/],
  ])('rejects %j', (text, message) => {
    expect(() => parseIgnoreFile(text, 'paved-ignore.yaml', now)).toThrow(message);
  });
});
