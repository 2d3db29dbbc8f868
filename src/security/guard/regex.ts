// User regexes run on RE2JS: a pure-JavaScript port of RE2 whose matching time is linear in the input,
// so no rule can hang the engine with catastrophic backtracking (cfn-guard uses Rust's `regex` crate,
// which makes the same guarantee and accepts the same syntax, so rules behave alike).
import { RE2JS } from 're2js';

const cache = new Map<string, RE2JS>();
/** Patterns longer than this are refused: RE2 compiles to an automaton whose size grows with the pattern. */
export const maxPatternLength = 4096;

export class RegexError extends Error {}

export function compileRegex(pattern: string): RE2JS {
  let re = cache.get(pattern);
  if (re) return re;
  if (pattern.length > maxPatternLength) throw new RegexError(`regular expression longer than ${maxPatternLength} characters`);
  try {
    re = RE2JS.compile(pattern);
  } catch (error) {
    throw new RegexError(`invalid regular expression /${pattern}/: ${(error as Error).message}`);
  }
  if (cache.size > 10_000) cache.clear();
  cache.set(pattern, re);
  return re;
}

/** True when the pattern matches anywhere in the text (Rust `Regex::is_match` semantics). */
export function regexMatches(pattern: string, text: string): boolean {
  return compileRegex(pattern).matcher(text).find();
}

export function regexReplace(text: string, pattern: string, replacement: string): string {
  // Guard's replacement syntax is Rust's: `${1}` or `$1` for groups; RE2JS uses `$1`/`${name}`.
  return compileRegex(pattern).matcher(text).replaceAll(replacement.replace(/\$\{(\d+)\}/g, '$$$1'));
}
