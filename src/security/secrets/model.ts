// The secrets scanner's own words and types.
// Glossary:
//   detector     one kind of secret (a GitHub token, a PEM private key): keywords, a regex, checks
//   keyword      a lowercase literal that must occur in the text before the detector's regex runs;
//                one combined pass finds all keywords, so most files never run any regex
//   secret       the part of a match that is the credential (the detector's `secretGroup`)
//   placeholder  a value that looks like a secret but is a documentation example (`AKIAIOSFODNN7EXAMPLE`)
//   allowlist    paths, regexes, commits or stopwords that mark matches as not secrets (gitleaks semantics)
//   hit          a detector match that passed every check, before it becomes a Finding
import type { Severity } from '../finding.js';

/** What a verifier says about a match: false drops it; an object may refine the severity. */
export type Verdict = boolean | { severity?: Severity; properties?: Record<string, unknown> };

export interface Detector {
  id: string;
  /** Family, for the rule catalogue (`cloud`, `vcs`, `packages`, …). */
  family: string;
  title: string;
  description: string;
  severity: Severity;
  /** Lowercase literals; the regex runs only when one occurs. Empty: runs on every file its `path` accepts. */
  keywords: string[];
  regex: RegExp;
  /** Capture group holding the secret; 0 = the whole match. Defaults to 1 when the regex has a group. */
  secretGroup?: number;
  /** Minimum Shannon entropy (bits per character) of the secret, for random formats. */
  entropy?: number;
  /** Checksum or structure check (CRC32 of GitHub tokens, JSON header of a JWT). */
  verify?: (secret: string, match: RegExpExecArray) => Verdict;
  /** Only files whose relative path matches. */
  path?: RegExp;
  /** When two hits overlap, the higher priority wins (specific tokens beat the generic detector). */
  priority?: number;
  /** Skip the placeholder check (for detectors whose own verify is stricter). */
  noPlaceholderCheck?: boolean;
  remediation?: string;
  references?: string[];
  /** Equivalent rule ids in other tools, so suppressions and `disabledRules` can migrate. */
  equivalents?: Record<string, string[]>;
  /** Custom matcher for formats a single regex can't describe (Kubernetes Secret manifests). */
  matcher?: (text: string) => Array<{ start: number; end: number; secret: string; properties?: Record<string, unknown> }>;
}

/** gitleaks-style allowlist: a match is allowed when any (condition OR) or all (AND) of the set criteria hold. */
export interface Allowlist {
  description?: string;
  condition: 'OR' | 'AND';
  regexTarget: 'secret' | 'match' | 'line';
  regexes: RegExp[];
  paths: RegExp[];
  commits: string[];
  stopwords: string[];
}

/** A detector match that passed every check, positioned in the scanned text. */
export interface Hit {
  ruleId: string;
  severity: Severity;
  title: string;
  secret: string;
  /** 1-based. */
  line: number;
  /** 1-based, in bytes of the line. */
  column: number;
  entropy: number;
  /** Set when `paved:allow` is on the line or the line before. */
  inlineAllow?: string;
  properties?: Record<string, unknown>;
}

/** Where a scanned text came from in git, for history, staged and push scans. */
export interface CommitInfo {
  commit: string;
  author: string;
  email: string;
  date: string;
}
