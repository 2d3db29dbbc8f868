// Property tests: every ordering must be a consistent total order on valid versions (antisymmetric and
// transitive), or sorting and range evaluation give different answers depending on input order.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Ecosystem } from '../model.js';
import { orderings } from './index.js';

const num = fc.integer({ min: 0, max: 12 }).map(String);
const word = fc.constantFrom('alpha', 'beta', 'rc', 'a', 'b', 'pre', 'dev', 'snapshot', 'sp', 'm', 'final', 'post', 'ga', 'cr', 'x');
const part = fc.oneof(num, num, word, fc.tuple(word, num).map(([w, n]) => w + n));
const sep = fc.constantFrom('.', '-');
const loose = fc.tuple(num, fc.array(fc.tuple(sep, part), { maxLength: 4 })).map(([head, rest]) => head + rest.map(([s, p]) => s + p).join(''));

// Maven's ComparableVersion itself is not transitive when '.' and '-' qualifiers mix ("12.a" < "12-alpha" <
// "12" < "12.a"), so Maven is checked on the shapes real releases use: numbers, then one -qualifier.
const mavenShaped = fc
  .tuple(fc.array(num, { minLength: 1, maxLength: 4 }), fc.option(fc.tuple(word, fc.option(num))))
  .map(([nums, q]) => nums.join('.') + (q ? `-${q[0]}${q[1] ?? ''}` : ''));

function checkTotalOrder(eco: Ecosystem, versions = loose) {
  const order = orderings[eco];
  fc.assert(
    fc.property(versions, versions, versions, (a, b, c) => {
      if (![a, b, c].every((v) => order.valid(v))) return true;
      const ab = Math.sign(order.compare(a, b));
      expect(Math.sign(order.compare(b, a))).toBe(-ab || 0);
      if (order.compare(a, b) <= 0 && order.compare(b, c) <= 0) expect(order.compare(a, c)).toBeLessThanOrEqual(0);
      return true;
    }),
    { numRuns: 3000 },
  );
}

describe('orderings are total orders', () => {
  for (const eco of ['npm', 'Go', 'PyPI', 'RubyGems', 'Packagist', 'NuGet'] as Ecosystem[]) {
    it(eco, () => checkTotalOrder(eco));
  }
  it('Maven (release shapes)', () => checkTotalOrder('Maven', mavenShaped));
});
