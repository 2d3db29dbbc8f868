// Shared words and types of the SAST scanner.
// Glossary:
//   source     an expression whose value an attacker controls (`req.query.id`, `event.body`, `location.hash`)
//   sink       a call or assignment where such a value does harm (`exec(cmd)`, `res.redirect(url)`)
//   taint      the mark a value carries from a source; it flows through assignments, string building and wrappers
//   sanitizer  a call or a guard (`if (!ALLOWED.includes(x)) return`) after which the value is harmless,
//              for every sink kind or only for some (`encodeURIComponent` makes a value safe in a URL, not in SQL)
//   kind       the class of sink a value is dangerous to; taint remembers, per kind, whether it is still harmful

/** Sink kinds as bits, so a taint can be "safe for HTML, still dangerous for SQL" in one number. */
export const Kind = {
  CMD: 1 << 0,
  CODE: 1 << 1,
  PATH: 1 << 2,
  SQL: 1 << 3,
  NOSQL: 1 << 4,
  REDIRECT: 1 << 5,
  HTML: 1 << 6,
  REGEX: 1 << 7,
  MODULE: 1 << 8,
  DESER: 1 << 9,
  SSRF: 1 << 10,
  TEMPLATE: 1 << 11,
  PROTO: 1 << 12,
} as const;
export type KindBit = (typeof Kind)[keyof typeof Kind];
export const ALL_KINDS = Object.values(Kind).reduce((a, b) => a | b, 0);

/** A tainted value: where it came from and the sink kinds it has been made safe for. */
export interface Taint {
  /** Readable source, e.g. `req.query.file`. */
  source: string;
  /** 1-based line of the source expression. */
  line: number;
  /** Bitmask of kinds this value is harmless for. */
  safe: number;
}

/** Combines two values (concatenation, `a || b`, a branch merge): dangerous wherever either is. */
export function unionTaint(a: Taint | undefined, b: Taint | undefined): Taint | undefined {
  if (!a) return b;
  if (!b) return a;
  const safe = a.safe & b.safe;
  const first = a.safe <= b.safe ? a : b;
  return { source: first.source, line: first.line, safe };
}

/** The same value, now also harmless for `kinds`; undefined when it is harmless everywhere. */
export function sanitize(t: Taint | undefined, kinds: number): Taint | undefined {
  if (!t) return undefined;
  const safe = t.safe | kinds;
  if ((safe & ALL_KINDS) === ALL_KINDS) return undefined;
  return safe === t.safe ? t : { ...t, safe };
}

export function isDangerousFor(t: Taint | undefined, kind: number): t is Taint {
  return !!t && (t.safe & kind) === 0;
}

/** A finding before the scanner adds file, fingerprint and suppression. */
export interface RawFinding {
  ruleId: string;
  /** Byte offsets in the source text. */
  start: number;
  end: number;
  message: string;
  /** What the finding is about: the sink callee (`child_process.exec`) or the setting (`rejectUnauthorized`). */
  resource?: string;
  properties?: Record<string, unknown>;
}
