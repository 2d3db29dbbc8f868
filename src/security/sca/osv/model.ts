// The OSV records Paved keeps for offline matching: the parts of an OSV record that matching and
// reporting need (ranges, versions, severity, aliases, summary), one file per ecosystem.
// Glossary:
//   record     one OSV advisory (id GHSA-…, PYSEC-…, GO-…, RUSTSEC-…), possibly about several packages
//   affected   one package's ranges and explicit versions inside a record
//   withdrawn  the advisory was retracted: kept (so a re-import does not bring it back) but never matched

export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

export interface OsvRange {
  type: 'SEMVER' | 'ECOSYSTEM' | 'GIT';
  events: OsvEvent[];
}

export interface StoredAffected {
  name: string;
  ranges: OsvRange[];
  versions?: string[];
}

export interface StoredRecord {
  id: string;
  modified: string;
  published?: string;
  withdrawn?: string;
  aliases?: string[];
  summary?: string;
  /** OSV `severity` entries: CVSS_V2 / CVSS_V3 / CVSS_V4 vectors. */
  severity?: Array<{ type: string; score: string }>;
  /** database_specific.severity (GitHub's CRITICAL/HIGH/MODERATE/LOW), used when no vector is given. */
  dbSeverity?: string;
  references?: string[];
  affected: StoredAffected[];
}


export interface DbManifest {
  format: 1;
  updated: string;
  ecosystems: Record<string, { file: string; records: number; withdrawn: number; newestModified: string }>;
}
