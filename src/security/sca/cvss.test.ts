import { describe, expect, it } from 'vitest';
import { cvss3BaseScore, cvss4BaseScore, rateSeverity } from './cvss.js';

describe('CVSS', () => {
  it.each([
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H', 9.8],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H', 10],
    ['CVSS:3.1/AV:N/AC:L/PR:L/UI:N/S:U/C:L/I:L/A:N', 5.4],
    ['CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N', 5.5],
    ['CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N', 3.1],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:C/C:L/I:L/A:N', 6.1],
    ['CVSS:3.0/AV:N/AC:L/PR:H/UI:N/S:C/C:H/I:H/A:H', 9.1],
    ['CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N', 0],
  ])('v3 %s = %d', (vector, score) => expect(cvss3BaseScore(vector)).toBe(score));

  it('v3 rejects malformed vectors', () => {
    expect(cvss3BaseScore('CVSS:3.1/AV:N/AC:L')).toBeUndefined();
    expect(cvss3BaseScore('AV:N/AC:L/Au:N/C:P/I:P/A:P')).toBeUndefined();
  });

  it('v4 uses the official macro-vector scoring', () => {
    expect(cvss4BaseScore('CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBe(9.3);
    expect(cvss4BaseScore('CVSS:4.0/AV:L/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N')).toBe(8.5);
    expect(cvss4BaseScore('CVSS:4.0/nonsense')).toBeUndefined();
  });

  it('rates v4 first, then v3, then the database word, then medium', () => {
    const v3 = { type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:R/S:U/C:L/I:N/A:N' };
    const v4 = { type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N' };
    expect(rateSeverity([v3, v4])).toMatchObject({ severity: 'critical', score: 9.3, source: 'CVSS_V4' });
    expect(rateSeverity([v3])).toMatchObject({ severity: 'low', score: 3.1, source: 'CVSS_V3' });
    expect(rateSeverity(undefined, 'MODERATE')).toEqual({ severity: 'medium', source: 'database' });
    expect(rateSeverity([{ type: 'CVSS_V3', score: 'garbage' }], 'HIGH')).toEqual({ severity: 'high', source: 'database' });
    expect(rateSeverity(undefined)).toEqual({ severity: 'medium', source: 'default' });
  });
});
