import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { globMatch, intersects, subsumes } from './glob.js';

function strings(maxLen: number): string[] {
  const out = [''];
  for (let len = 1; len <= maxLen; len++) {
    for (let n = 0; n < 2 ** len; n++) out.push([...n.toString(2).padStart(len, '0')].map((b) => (b === '0' ? 'a' : 'b')).join(''));
  }
  return out;
}
const universe = strings(7);
const pattern = fc.array(fc.constantFrom('a', 'b', '*', '?'), { maxLength: 4 }).map((x) => x.join(''));

describe('IAM glob algebra', () => {
  it.each([
    ['dynamodb:Delete*', 'dynamodb:DeleteTable', true],
    ['s3:Get?bject', 's3:GetObject', true],
    ['s3:*', 'ec2:RunInstances', false],
    ['*', '', true],
  ])('globMatch(%s, %s) = %s', (p, s, want) => expect(globMatch(p, s)).toBe(want));

  it('matches actions case-insensitively when asked', () => {
    expect(globMatch('DynamoDB:delete*', 'dynamodb:DeleteTable', { ignoreCase: true })).toBe(true);
    expect(globMatch('arn:aws:s3:::Bucket/*', 'arn:aws:s3:::bucket/x')).toBe(false);
  });

  it.each([
    ['arn:aws:iam::*:role/my-sensitive-roles/*', 'arn:aws:iam::123456789012:role/my-sensitive-roles/my-custom-admin-role', true],
    ['a*', 'a?*', true],
    ['a*?', 'a?*', true],
    ['a?', 'a*', false],
    ['*', 'anything*', true],
    ['s3:Get*', 's3:*', false],
  ])('subsumes(%s, %s) = %s', (p, q, want) => expect(subsumes(p, q)).toBe(want));

  it('subsumes is sound: every string the specific pattern matches, the general one matches', () => {
    fc.assert(
      fc.property(pattern, pattern, (p, q) => {
        if (!subsumes(p, q)) return true;
        return universe.every((s) => !globMatch(q, s) || globMatch(p, s));
      }),
      { numRuns: 400 },
    );
  });

  it('subsumes is exact when the specific side is a plain string', () => {
    fc.assert(
      fc.property(pattern, fc.constantFrom(...universe), (p, s) => subsumes(p, s) === globMatch(p, s)),
      { numRuns: 400 },
    );
  });

  it('subsumes may miss an inclusion (then a check FAILs; it never PASSes wrongly)', () => {
    // L(*a) ⊆ L(?*), but q's leading * cannot be aligned with p's ?: the answer is the safe "no".
    expect(subsumes('?*', '*a')).toBe(false);
  });

  it('intersects is exact: true exactly when a common string exists', () => {
    fc.assert(
      fc.property(pattern, pattern, (p, q) => intersects(p, q) === universe.some((s) => globMatch(p, s) && globMatch(q, s))),
      { numRuns: 400 },
    );
  });
});
