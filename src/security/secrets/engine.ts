// The detector engine: keyword prefilter → detector regexes → checks (entropy, placeholders, verifier,
// allowlists) → overlap resolution → positions, inline allows, AWS pairing → decoded blobs rescanned.
// It works on latin1 strings (one JavaScript character per byte): reading files as latin1 avoids UTF-8
// decoding, keeps V8 strings one byte wide (faster regexes), and every credential format is ASCII.
import type { Allowlist, Detector, Hit } from './model.js';
import { KeywordPrefilter } from './prefilter.js';
import { shannonEntropy } from './checksums.js';
import { isPlaceholder } from './placeholders.js';
import { allowsWholePath, inlineAllowReason, isAllowed } from './allowlist.js';
import { decodeTriggers, findEncodedBlobs } from './decode.js';

export interface EngineOptions {
  detectors: readonly Detector[];
  /** Global allowlists (config `[allowlist]`/`[[allowlists]]` plus the defaults). */
  allowlists?: Allowlist[];
  /** Per-rule allowlists by rule id. */
  ruleAllowlists?: Map<string, Allowlist[]>;
  /** How many times encoded content is decoded and rescanned (base64 inside hex inside…). Default 2. */
  maxDecodeDepth?: number;
}

export interface ScanContext {
  /** Relative path of the file (or the path in the commit). */
  file: string;
  commit?: string;
}

interface Candidate {
  detector: Detector;
  start: number;
  end: number;
  secret: string;
  match: string;
  severity: Hit['severity'];
  properties?: Record<string, unknown>;
}

const DECODE = -1;

export class SecretEngine {
  private readonly detectors: readonly Detector[];
  private readonly compiled: RegExp[];
  private readonly prefilter: KeywordPrefilter;
  private readonly pathOnly: number[] = [];
  private readonly allowlists: Allowlist[];
  private readonly ruleAllowlists: Map<string, Allowlist[]>;
  private readonly maxDecodeDepth: number;

  constructor(options: EngineOptions) {
    this.detectors = options.detectors;
    this.allowlists = options.allowlists ?? [];
    this.ruleAllowlists = options.ruleAllowlists ?? new Map();
    this.maxDecodeDepth = options.maxDecodeDepth ?? 2;
    // Each detector gets its own global RegExp: lastIndex is per instance.
    this.compiled = this.detectors.map((d) => new RegExp(d.regex.source, d.regex.flags.includes('g') ? d.regex.flags : d.regex.flags + 'g'));
    const keywords = new Map<string, number[]>();
    this.detectors.forEach((d, i) => {
      if (d.keywords.length === 0) this.pathOnly.push(i);
      for (const k of d.keywords) keywords.set(k.toLowerCase(), [...(keywords.get(k.toLowerCase()) ?? []), i]);
    });
    for (const trigger of decodeTriggers()) {
      const key = trigger.toLowerCase();
      if (!keywords.has(key)) keywords.set(key, [DECODE]);
      else keywords.get(key)!.push(DECODE);
    }
    this.prefilter = new KeywordPrefilter(keywords);
  }

  get rules(): readonly Detector[] {
    return this.detectors;
  }

  /** True when the whole file is allowlisted by path, so it need not be read. */
  skipsPath(file: string): boolean {
    return this.allowlists.some((list) => allowsWholePath(list, file));
  }

  /** Finds the secrets in `text` (a latin1 or plain JavaScript string). */
  scan(text: string, context: ScanContext, depth = 0): Hit[] {
    if (depth === 0 && this.skipsPath(context.file)) return [];
    const triggered = this.prefilter.match(text);
    for (const i of this.pathOnly) triggered.add(i);
    const candidates: Candidate[] = [];
    for (const i of triggered) {
      if (i === DECODE) continue;
      const detector = this.detectors[i]!;
      if (detector.path && !detector.path.test(context.file)) continue;
      this.runDetector(detector, this.compiled[i]!, text, context, candidates);
    }
    const kept = resolveOverlaps(candidates);
    const hits = this.position(kept, text);
    pairAwsKeys(hits);
    // Inside decoded content every blob is tried (the text is small); at the top only when a trigger says so.
    if (depth < this.maxDecodeDepth && (depth > 0 || triggered.has(DECODE))) hits.push(...this.scanEncoded(text, context, depth, kept));
    return hits;
  }

  private runDetector(detector: Detector, regex: RegExp, text: string, context: ScanContext, out: Candidate[]): void {
    if (detector.matcher) {
      for (const m of detector.matcher(text)) {
        const candidate = { detector, start: m.start, end: m.end, secret: m.secret, match: m.secret, severity: detector.severity, properties: m.properties };
        if (!this.allowed(candidate, text, context)) out.push(candidate);
      }
      return;
    }
    regex.lastIndex = 0;
    for (let m = regex.exec(text); m; m = regex.exec(text)) {
      if (m[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const secret = pickSecret(m, detector.secretGroup);
      if (!secret) continue;
      if (detector.entropy !== undefined && shannonEntropy(secret) < detector.entropy) continue;
      let severity = detector.severity;
      let properties: Record<string, unknown> | undefined;
      if (detector.verify) {
        const verdict = detector.verify(secret, m);
        if (verdict === false) continue;
        if (typeof verdict === 'object') {
          severity = verdict.severity ?? severity;
          properties = verdict.properties;
        }
      }
      // After the verifier: most generic matches fail its cheap checks before this regex-heavy one.
      if (!detector.noPlaceholderCheck && isPlaceholder(secret)) continue;
      const offset = m[0].indexOf(secret);
      const start = m.index + Math.max(0, offset);
      const candidate = { detector, start, end: start + secret.length, secret, match: m[0], severity, properties };
      if (!this.allowed(candidate, text, context)) out.push(candidate);
    }
  }

  private allowed(candidate: Candidate, text: string, context: ScanContext): boolean {
    const lists = [...this.allowlists, ...(this.ruleAllowlists.get(candidate.detector.id) ?? [])];
    if (lists.length === 0) return false;
    const lineStart = text.lastIndexOf('\n', candidate.start - 1) + 1;
    const lineEnd = text.indexOf('\n', candidate.end);
    const line = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
    const ctx = { secret: candidate.secret, match: candidate.match, line, file: context.file, commit: context.commit };
    return lists.some((list) => isAllowed(list, ctx));
  }

  /** Turns offsets into 1-based line/column and reads inline allow markers. */
  private position(candidates: Candidate[], text: string): Hit[] {
    if (candidates.length === 0) return [];
    const hits: Hit[] = [];
    let line = 1;
    let lineStart = 0;
    let previousLineStart = -1;
    let cursor = 0;
    for (const c of candidates.sort((a, b) => a.start - b.start)) {
      for (let nl = text.indexOf('\n', cursor); nl !== -1 && nl < c.start; nl = text.indexOf('\n', nl + 1)) {
        line++;
        previousLineStart = lineStart;
        lineStart = nl + 1;
      }
      cursor = lineStart;
      const lineEnd = text.indexOf('\n', c.start);
      const lineText = text.slice(lineStart, lineEnd === -1 ? text.length : lineEnd);
      const previous = previousLineStart >= 0 ? text.slice(previousLineStart, lineStart - 1) : undefined;
      const hit: Hit = {
        ruleId: c.detector.id,
        severity: c.severity,
        title: c.detector.title,
        secret: c.secret,
        line,
        column: c.start - lineStart + 1,
        entropy: Math.round(shannonEntropy(c.secret) * 100) / 100,
      };
      if (c.properties) hit.properties = { ...c.properties };
      const reason = inlineAllowReason(lineText, previous);
      if (reason) hit.inlineAllow = reason;
      hits.push(hit);
    }
    return hits;
  }

  private scanEncoded(text: string, context: ScanContext, depth: number, found: Candidate[]): Hit[] {
    const hits: Hit[] = [];
    for (const blob of findEncodedBlobs(text)) {
      if (found.some((c) => c.start < blob.end && blob.start < c.end)) continue;
      const inner = this.scan(blob.decoded, context, depth + 1);
      if (inner.length === 0) continue;
      const [outer] = this.position([{ detector: this.detectors[0]!, start: blob.start, end: blob.end, secret: '', match: '', severity: 'info' }], text);
      for (const hit of inner) {
        const chain = [blob.encoding, ...((hit.properties?.encoding as string | undefined)?.split('+') ?? [])].join('+');
        hits.push({ ...hit, line: outer!.line, column: outer!.column, inlineAllow: hit.inlineAllow ?? outer!.inlineAllow, properties: { ...hit.properties, encoding: chain } });
      }
    }
    return hits;
  }
}

/** The configured group, else the first group that matched, else the whole match. */
function pickSecret(m: RegExpExecArray, group: number | undefined): string | undefined {
  if (group !== undefined) return m[group];
  for (let i = 1; i < m.length; i++) if (m[i] !== undefined) return m[i];
  return m[0];
}

/** Overlapping candidates: the higher priority wins (a GitHub token inside a generic assignment). */
function resolveOverlaps(candidates: Candidate[]): Candidate[] {
  if (candidates.length < 2) return candidates;
  const byPriority = [...candidates].sort((a, b) => (b.detector.priority ?? 50) - (a.detector.priority ?? 50) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of byPriority) {
    if (!kept.some((k) => k.start < c.end && c.start < k.end)) kept.push(c);
  }
  return kept;
}

/** An access key id with a secret key within five lines is one credential pair: both become critical. */
function pairAwsKeys(hits: Hit[]): void {
  const ids = hits.filter((h) => h.ruleId === 'aws-access-key-id');
  const secrets = hits.filter((h) => h.ruleId === 'aws-secret-access-key');
  for (const id of ids) {
    const secret = secrets.find((s) => Math.abs(s.line - id.line) <= 5);
    if (!secret) continue;
    id.severity = 'critical';
    id.properties = { ...id.properties, pairedWith: { ruleId: secret.ruleId, line: secret.line } };
    secret.properties = { ...secret.properties, pairedWith: { ruleId: id.ruleId, line: id.line } };
  }
}
