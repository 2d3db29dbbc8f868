// The SCA rule catalogue.
import type { RuleInfo } from '../finding.js';

export const scaRules: RuleInfo[] = [
  {
    id: 'SCA.VULN',
    scanner: 'sca',
    title: 'Dependency with a known vulnerability',
    severity: 'high',
    description: 'A package resolved by a lockfile is in the affected range of an OSV advisory. Severity comes from the advisory’s CVSS v4 or v3 vector (computed base score), else its database severity, else medium.',
    remediation: 'Upgrade to the version the finding names (the smallest release that fixes every affected range), or record an accepted risk in paved-ignore.yaml with a reason and an expiry date.',
    references: ['https://ossf.github.io/osv-schema/'],
    equivalents: { 'osv-scanner': ['vulnerability'], grype: ['vulnerability'], snyk: ['vuln'] },
    tags: ['sca', 'supply-chain'],
  },
  {
    id: 'SCA.LICENSE',
    scanner: 'sca',
    title: 'Dependency under a denied licence',
    severity: 'high',
    description: 'The package’s SPDX licence expression cannot be satisfied without a licence listed in --deny-licenses (A OR B passes when either is allowed; A AND B needs both).',
    remediation: 'Replace the package, obtain another licence, or change the policy.',
    tags: ['sca', 'licence'],
  },
  {
    id: 'SCA.PARSE',
    scanner: 'sca',
    title: 'Lockfile or ignore file cannot be read',
    severity: 'medium',
    description: 'A lockfile (or paved-ignore.yaml) is malformed, so its dependencies were not checked.',
    remediation: 'Fix the file at the line given, or regenerate the lockfile with its package manager.',
    tags: ['sca'],
  },
];
