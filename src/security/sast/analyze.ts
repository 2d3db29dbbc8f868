// Analyses one file's text: parse with oxc-parser, run the taint interpreter and the pattern rules, apply
// inline suppressions. Pure and synchronous so it runs the same in the main thread and in worker threads.
import { parseSync } from 'oxc-parser';
import { fingerprintOf, type Finding } from '../finding.js';
import { LineIndex, type Node } from './ast.js';
import type { RawFinding } from './model.js';
import { Names } from './names.js';
import { runPatterns } from './patterns.js';
import { ruleById } from './rules.js';
import { parseSuppressions, suppressionFor } from './suppress.js';
import { TaintAnalysis } from './taint.js';

export const sourceExtensions = ['.js', '.mjs', '.cjs', '.jsx', '.ts', '.mts', '.cts', '.tsx'];

function langOf(path: string): 'js' | 'jsx' | 'ts' | 'tsx' {
  if (path.endsWith('.tsx')) return 'tsx';
  if (/\.[mc]?ts$/.test(path)) return 'ts';
  if (path.endsWith('.jsx')) return 'jsx';
  return 'jsx'; // plain .js often holds JSX (React); the jsx grammar is a superset for everything else
}

/** True for files worth analysing: our extensions, no declaration files, no minified bundles. */
export function isCandidate(relativePath: string): boolean {
  if (/\.d\.[mc]?ts$/.test(relativePath) || /\.min\.[mc]?js$/.test(relativePath)) return false;
  return sourceExtensions.some((e) => relativePath.endsWith(e));
}

/** Minified or generated bundles: very long lines. Analysing them finds library code, not the project's. */
export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  const lines = text.split('\n', 200);
  let long = 0;
  for (const l of lines) if (l.length > 1000) long++;
  return long > 0 && (long >= lines.length / 10 || text.length / Math.max(lines.length, 1) > 500);
}

/**
 * Words one of the rules needs to see before it can report: a source root for the taint rules, or the API a
 * pattern rule looks at. A file with none of them cannot produce a finding, so it is not parsed at all; parsing
 * (and building the AST in JavaScript) is most of the cost of a scan, and type-only modules, UI components and
 * utilities usually contain none of these words. The same idea as semgrep's and CodeQL's pre-filters.
 */
const taintRoots = /\b(req|request|ctx|event|process)\b|@(Param|Query|Body|Headers|Req|Request|Cookies|UploadedFiles?)\s*\(|\blocation\b|\bdocument\.(URL|documentURI|referrer|cookie|location)\b|\bwindow\.(name|location)\b|\.(get|post|put|patch|delete|del|all|use|head|options|route|any)\s*\(\s*['"`/]/;
const patternWords = /\b(createHash|md5|sha1|MD5|SHA1|createCipher|createDecipher|createCipheriv|createDecipheriv|random|rejectUnauthorized|strictSSL|NODE_TLS_REJECT_UNAUTHORIZED|secureProtocol|minVersion|maxVersion|csrf|xsrf|csrfProtection|csrfCheck|checkCsrf|algorithms?|secretOrKey|sign|verify|session|cookie|cookieSession|keys|cors|enableCors|noent|Buffer|postMessage|addEventListener|express|fastify|Fastify|register|setHeader|header|set|setCookie|csurf|jwt|expressjwt|expressJwt|JwtStrategy|paved:ignore)\b|[Aa]ccess-[Cc]ontrol/;

/** Imports of web frameworks and HTTP request types: evidence that `request`/`ctx` parameters are HTTP requests. */
const httpFile = /(from|require\(|import\()\s*['"](express|fastify|koa|@koa\/[a-z-]+|koa-[a-z-]+|@nestjs\/[a-z-]+|next(\/[a-z-]+)*|node:https?|https?|hono|h3|restify|@hapi\/hapi|aws-lambda|@vercel\/node|@fastify\/[a-z-]+|undici|@remix-run\/[a-z-]+|@sveltejs\/kit)['"]|\b(Request|NextRequest|NextApiRequest|FastifyRequest|IncomingMessage|APIGatewayProxyEvent|Context|ParameterizedContext)\b/;

/** True when a file may hold something a rule reports; false means it can be skipped without parsing. */
export function mayHaveFindings(text: string): boolean {
  return taintRoots.test(text) || patternWords.test(text);
}

/** Tests and benchmarks start throw-away servers: app-level hardening rules (helmet) do not apply to them. */
export function isTestFile(relativePath: string): boolean {
  return /(^|\/)(test|tests|__tests__|spec|e2e|benchmarks?|fixtures?)\//.test(relativePath) || /\.(test|spec|bench)\.[cm]?[jt]sx?$/.test(relativePath);
}

export interface FileResult {
  findings: Finding[];
  skipped?: 'minified';
}

export function analyzeSource(relativePath: string, text: string): FileResult {
  if (looksMinified(text)) return { findings: [], skipped: 'minified' };
  if (!mayHaveFindings(text)) return { findings: [] };
  const lines = new LineIndex(text);
  const line = (offset: number) => lines.line(offset);
  const raw: RawFinding[] = [];
  // The JS-shaped AST (no type annotations) is about 40% smaller to build; parameter decorators (NestJS's
  // `@Query()`, `@Body()`) exist only in the TS-shaped one.
  const astType = /@(Param|Query|Body|Headers|Req|Request|Res|Cookies|HostParam|UploadedFiles?)\s*\(/.test(text) ? 'ts' : 'js';
  let parsed = parseSync(relativePath, text, { lang: langOf(relativePath), sourceType: 'unambiguous', preserveParens: false, astType });
  if (parsed.errors.length > 0 && /\.[cm]?jsx?$/.test(relativePath) && !relativePath.endsWith('.mjs')) {
    // CommonJS allows a top-level `return`, which script mode does not: a CLI entry point often has one.
    const commonjs = parseSync(relativePath, text, { lang: langOf(relativePath), sourceType: 'commonjs', preserveParens: false, astType });
    if (commonjs.errors.length < parsed.errors.length) parsed = commonjs;
  }
  const program = parsed.program as unknown as Node;
  const errors = parsed.errors.filter((e) => e.severity === 'Error');
  if (errors.length > 0) {
    const first = errors[0];
    const at = first.labels[0]?.start ?? 0;
    raw.push({ ruleId: 'SAST.PARSE', start: at, end: at, message: `could not parse: ${first.message}${errors.length > 1 ? ` (and ${errors.length - 1} more errors)` : ''}` });
  }
  if (program.body.length > 0) {
    const names = new Names(program);
    const seen = new Set<string>();
    const taint = new TaintAnalysis({
      names, line, httpFile: httpFile.test(text),
      report(f) {
        const key = `${f.ruleId}:${f.start}`;
        if (!seen.has(key)) { seen.add(key); raw.push(f); }
      },
    });
    if (taintRoots.test(text)) taint.run(program);
    runPatterns(program, text, names, raw, isTestFile(relativePath));
  }
  const suppressions = parseSuppressions(parsed.comments, line, (id) => ruleById.has(id));
  raw.push(...suppressions.invalid);
  return { findings: raw.map((r) => toFinding(r, relativePath, text, lines, suppressions.valid)) };
}

function toFinding(r: RawFinding, file: string, text: string, lines: LineIndex, suppressions: ReturnType<typeof parseSuppressions>['valid']): Finding {
  const rule = ruleById.get(r.ruleId)!;
  const lineNo = lines.line(r.start);
  const snippet = text.slice(r.start, Math.min(r.end, r.start + 200)).replace(/\s+/g, ' ');
  const finding: Finding = {
    ruleId: r.ruleId,
    scanner: 'sast',
    severity: rule.severity,
    title: rule.title,
    message: `${rule.title}: ${r.message}`,
    file,
    line: lineNo,
    column: lines.column(r.start),
    endLine: lines.line(r.end),
    resource: r.resource,
    remediation: rule.remediation,
    references: rule.references,
    fingerprint: fingerprintOf('sast', r.ruleId, file, r.resource, snippet),
    properties: r.properties,
  };
  const s = r.ruleId === 'PAVED-SAST-SUPPRESSION' ? undefined : suppressionFor(suppressions, r.ruleId, lineNo);
  if (s) finding.suppressed = { reason: s.reason, source: 'inline' };
  return finding;
}
