// Matches packages against OSV records with each ecosystem's own version ordering, following the OSV
// schema's evaluation: ranges are event lists (introduced / fixed / last_affected / limit) sorted by
// version; explicit `versions` lists match exactly. GIT ranges (commit hashes) cannot be placed against
// a released version and are skipped with a note.
import type { Ecosystem, Package } from './model.js';
import type { OsvRange, StoredAffected, StoredRecord } from './osv/model.js';
import type { VulnDb } from './osv/store.js';
import { normalizeName } from './names.js';
import { orderings, type VersionOrdering } from './versions/index.js';
import { goOrdering } from './versions/go.js';

export { normalizeName };

export interface VulnMatch {
  record: StoredRecord;
  /** Every `fixed` version the record names for this package, ascending. */
  fixed: string[];
  /** The smallest fixed version above the installed one that no range of the record still affects. */
  upgradeTo?: string;
}

type Verdict = boolean | 'unknown';

function rangeAffects(range: OsvRange, version: string, order: VersionOrdering): Verdict {
  const events = range.events.flatMap((e) => Object.entries(e).map(([kind, v]) => ({ kind, v: String(v) })));
  if (events.some((e) => !(e.kind === 'introduced' && e.v === '0') && !order.valid(e.v))) return 'unknown';
  // Introduced "0" sorts first; at equal versions an introduction comes before a fix.
  const kindRank: Record<string, number> = { introduced: 0, last_affected: 1, fixed: 2, limit: 3 };
  events.sort((a, b) => {
    if (a.v === '0' && a.kind === 'introduced') return b.v === '0' && b.kind === 'introduced' ? 0 : -1;
    if (b.v === '0' && b.kind === 'introduced') return 1;
    return order.compare(a.v, b.v) || kindRank[a.kind]! - kindRank[b.kind]!;
  });
  let affected = false;
  for (const e of events) {
    if (e.kind === 'introduced') {
      if (e.v === '0' || order.compare(version, e.v) >= 0) affected = true;
    } else if (e.kind === 'fixed') {
      if (order.compare(version, e.v) >= 0) affected = false;
    } else if (e.kind === 'last_affected') {
      if (order.compare(version, e.v) > 0) affected = false;
    }
  }
  const limits = events.filter((e) => e.kind === 'limit' && e.v !== '*');
  if (affected && limits.length && limits.every((l) => order.compare(version, l.v) >= 0)) affected = false;
  return affected;
}

export interface MatchContext {
  /** Notes for the report (skipped GIT ranges, versions that could not be ordered). */
  notes: Set<string>;
}

function affects(affected: StoredAffected, ecosystem: Ecosystem, version: string, ctx: MatchContext): boolean {
  const order = orderings[ecosystem];
  if (affected.versions?.includes(version)) return true;
  if (ecosystem === 'Go' && affected.versions?.includes(version.replace(/^v/, ''))) return true;
  for (const range of affected.ranges) {
    if (range.type === 'GIT') {
      ctx.notes.add('GIT ranges (commit hashes) are not matched against released versions; their records rely on explicit versions lists');
      continue;
    }
    // SEMVER ranges are SemVer 2.0 whatever the ecosystem (Go's ordering also accepts a `v` prefix).
    const verdict = rangeAffects(range, version, range.type === 'SEMVER' ? goOrdering : order);
    if (verdict === 'unknown') {
      ctx.notes.add(`some ${ecosystem} ranges name versions that do not parse as ${range.type === 'SEMVER' ? 'SemVer' : ecosystem} versions; those ranges were skipped`);
      continue;
    }
    if (verdict) return true;
  }
  return false;
}

export class Matcher {
  constructor(private readonly db: VulnDb) {}

  async match(pkg: Package, ctx: MatchContext): Promise<VulnMatch[]> {
    const order = orderings[pkg.ecosystem];
    if (!order.valid(pkg.version)) {
      ctx.notes.add(`${pkg.ecosystem} ${pkg.name}@${pkg.version}: the version cannot be ordered, so it was not matched`);
      return [];
    }
    const key = normalizeName(pkg.ecosystem, pkg.name);
    const out: VulnMatch[] = [];
    for (const record of await this.db.recordsFor(pkg.ecosystem, key)) {
      if (record.withdrawn) continue; // withdrawn advisories never match
      const entries = record.affected.filter((a) => normalizeName(pkg.ecosystem, a.name) === key);
      if (!entries.some((a) => affects(a, pkg.ecosystem, pkg.version, ctx))) continue;
      const fixed = [...new Set(entries.flatMap((a) => a.ranges.flatMap((r) => (r.type === 'GIT' ? [] : r.events.flatMap((e) => (e.fixed ? [e.fixed] : []))))))]
        .filter((f) => order.valid(f))
        .sort((a, b) => order.compare(a, b));
      const upgradeTo = fixed.find((f) => order.compare(f, pkg.version) > 0 && !entries.some((a) => affects(a, pkg.ecosystem, f, ctx)));
      out.push({ record, fixed, ...(upgradeTo ? { upgradeTo } : {}) });
    }
    return out;
  }
}
