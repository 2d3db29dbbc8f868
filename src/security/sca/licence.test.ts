import { describe, expect, it } from 'vitest';
import { judgeLicence, licencePolicy } from './licence.js';

const deny = licencePolicy(['GPL-3.0-only', 'AGPL-3.0-or-later', 'SSPL-1.0']);
const verdict = (expr: string) => judgeLicence(expr, deny).verdict;

describe('licence policy', () => {
  it('OR passes when one side is allowed, AND needs both', () => {
    expect(verdict('MIT')).toBe('allowed');
    expect(verdict('GPL-3.0-only')).toBe('denied');
    expect(verdict('MIT OR GPL-3.0-only')).toBe('allowed');
    expect(verdict('MIT AND GPL-3.0-only')).toBe('denied');
    expect(verdict('(MIT OR Apache-2.0) AND (GPL-3.0-only OR BSD-3-Clause)')).toBe('allowed');
    expect(verdict('(MIT AND SSPL-1.0) OR (Apache-2.0 AND GPL-3.0-only)')).toBe('denied');
  });

  it('WITH is judged by the licence; deprecated spellings match the new ids', () => {
    expect(verdict('GPL-3.0-only WITH Classpath-exception-2.0')).toBe('denied');
    expect(verdict('GPL-3.0')).toBe('denied');
    expect(verdict('AGPL-3.0+')).toBe('denied');
    expect(verdict('GPL-2.0-only')).toBe('allowed');
    expect(judgeLicence('GPL-2.0-only WITH Classpath-exception-2.0', licencePolicy(['GPL-2.0-only WITH Classpath-exception-2.0'])).verdict).toBe('denied');
  });

  it('an unparsable expression is reported, not allowed', () => {
    expect(verdict('SEE LICENSE IN LICENSE.md')).toBe('invalid');
    expect(verdict('MIT OR')).toBe('invalid');
  });
});
