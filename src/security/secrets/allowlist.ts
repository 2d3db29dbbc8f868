// Allowlists (gitleaks semantics) and inline `paved:allow` comments.
import type { Allowlist } from './model.js';

export interface AllowContext {
  secret: string;
  match: string;
  line: string;
  file: string;
  commit?: string;
}

export function emptyAllowlist(): Allowlist {
  return { condition: 'OR', regexTarget: 'secret', regexes: [], paths: [], commits: [], stopwords: [] };
}

/** True when the allowlist accepts the match: any set criterion (OR, the default) or all of them (AND). */
export function isAllowed(list: Allowlist, ctx: AllowContext): boolean {
  const results: boolean[] = [];
  if (list.paths.length) results.push(list.paths.some((p) => p.test(ctx.file)));
  if (list.commits.length) results.push(ctx.commit !== undefined && list.commits.some((c) => ctx.commit!.startsWith(c)));
  if (list.regexes.length) {
    const target = list.regexTarget === 'match' ? ctx.match : list.regexTarget === 'line' ? ctx.line : ctx.secret;
    results.push(list.regexes.some((r) => r.test(target)));
  }
  if (list.stopwords.length) {
    const lower = ctx.secret.toLowerCase();
    results.push(list.stopwords.some((w) => lower.includes(w)));
  }
  if (results.length === 0) return false;
  return list.condition === 'AND' ? results.every(Boolean) : results.some(Boolean);
}

/** True when the allowlist only names paths, so a whole file can be skipped before scanning it. */
export function allowsWholePath(list: Allowlist, file: string): boolean {
  return (
    list.paths.length > 0 &&
    list.paths.some((p) => p.test(file)) &&
    (list.condition === 'OR' || (!list.regexes.length && !list.commits.length && !list.stopwords.length))
  );
}

/**
 * Inline suppression markers, on the secret's line or the line before. `gitleaks:allow` and
 * detect-secrets' `pragma: allowlist secret` are honoured too so existing annotations keep working.
 * Returns the reason written after the marker, or a default reason; undefined when there is no marker.
 */
export function inlineAllowReason(line: string, previousLine: string | undefined): string | undefined {
  for (const text of [line, previousLine]) {
    if (text === undefined) continue;
    const m = /paved:allow\b[ \t:-]*(.*)|gitleaks:allow|pragma: ?allowlist secret/.exec(text);
    if (m) {
      const reason = (m[1] ?? '').replace(/\*\/|-->|\s+$/g, '').trim();
      return reason || 'marked with an inline allow comment';
    }
  }
  return undefined;
}

/** Paths that hold hashes and encoded data, never credentials (lockfiles, checksums, minified bundles). */
export const defaultAllowlist: Allowlist = {
  ...emptyAllowlist(),
  description: 'Lockfiles, checksum files and minified bundles',
  paths: [/(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|go\.sum|Cargo\.lock|poetry\.lock|Pipfile\.lock|composer\.lock|Gemfile\.lock|\.pavedignore|\.gitleaksignore)$/, /\.min\.(?:js|css)$|\.map$/],
};
