// The state the taint interpreter keeps per function (Frame) and the safety rules for string building.
import { ALL_KINDS, Kind, type Taint } from './model.js';
import { stringValue, unwrap, type Node } from './ast.js';

export class Frame {
  readonly vars = new Map<string, Taint | undefined>();
  /** One map per open block: expression key → kinds a guard proved it safe for. */
  readonly cleaned: Array<Map<string, number>> = [new Map()];
  depth = 0;
  returned: Taint | undefined;
  private own = 0;
  constructor(
    readonly parent: Frame | undefined,
    public requestNames: Set<string>,
    public responseNames: Set<string>,
    public eventNames: Set<string>,
    /** Offsets to lines; here so a Frame is itself the SourceContext that source recognition reads. */
    readonly line: (offset: number) => number,
  ) {}

  /** Changes one of the name sets, copying it first: most frames (small callbacks) share their parent's sets. */
  setRole(role: 'requestNames' | 'responseNames' | 'eventNames', name: string, on: boolean): void {
    if (this[role].has(name) === on) return;
    const bit = role === 'requestNames' ? 1 : role === 'responseNames' ? 2 : 4;
    if (!(this.own & bit)) { this[role] = new Set(this[role]); this.own |= bit; }
    if (on) this[role].add(name); else this[role].delete(name);
  }
}

/** Safety a constant prefix gives a URL: `/users/` + x stays on this site, `https://api.example.com/` + x on that host. */
export function prefixSafety(prefix: string): number {
  if (/^\/[^/\\]/.test(prefix) || /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\@]+[/?#]/i.test(prefix) || prefix.startsWith('?') || prefix.startsWith('#')) {
    return Kind.REDIRECT | Kind.SSRF;
  }
  return 0;
}

/** Kinds a `.replace(regex, replacement)` makes safe: removing everything outside a character class, or escaping. */
export function replaceSafety(pattern: Node | undefined, replacement: Node | undefined): number {
  const p = pattern && unwrap(pattern);
  const source: string | undefined = p?.type === 'Literal' && p.regex ? p.regex.pattern : undefined;
  const with_ = stringValue(replacement);
  if (source === undefined || with_ === undefined) return 0;
  if (with_ === '' && /^\[\^[^\]]*\]\+?$/.test(source)) {
    const kept = source.slice(2, -1);
    let safe = ALL_KINDS;
    if (kept.includes('/') || kept.includes('\\\\')) safe &= ~(Kind.PATH | Kind.MODULE | Kind.REDIRECT);
    if (kept.includes('<')) safe &= ~Kind.HTML;
    if (/['"]/.test(kept)) safe &= ~Kind.SQL;
    if (/[;&|$`\s]|\\s/.test(kept)) safe &= ~Kind.CMD;
    if (kept.includes(':')) safe &= ~(Kind.SSRF | Kind.REDIRECT);
    return safe;
  }
  // `s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')`: the usual escape of regex metacharacters.
  if (with_ === '\\$&' && source.startsWith('[')) return Kind.REGEX;
  if (/&(lt|gt|amp|quot|#)/.test(with_)) return Kind.HTML;
  return 0;
}
