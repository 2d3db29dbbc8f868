// What makes a tainted value harmless (sanitizers) and what passes taint on unchanged (propagators).
// Keyed by qualified callee name (see names.ts) or by the last name step for well-known helper names.
import { ALL_KINDS, Kind } from './model.js';

const HTML_SAFE = Kind.HTML | Kind.NOSQL;
/** encodeURIComponent leaves `'` `(` `)` `*` `.` alone: safe in a URL, a path step, HTML, not in SQL or a regex. */
const URI_COMPONENT_SAFE = Kind.HTML | Kind.PATH | Kind.CMD | Kind.REDIRECT | Kind.SSRF | Kind.NOSQL | Kind.MODULE | Kind.TEMPLATE | Kind.CODE;

/** Qualified names (exact) → kinds made safe. */
const exact: Record<string, number> = {
  encodeURIComponent: URI_COMPONENT_SAFE,
  'querystring.escape': URI_COMPONENT_SAFE,
  encodeURI: Kind.HTML,
  'escape-html': HTML_SAFE,
  'he.encode': HTML_SAFE, 'he.escape': HTML_SAFE,
  'validator.escape': HTML_SAFE,
  'lodash.escape': HTML_SAFE, '_.escape': HTML_SAFE,
  'dompurify.sanitize': HTML_SAFE, 'DOMPurify.sanitize': HTML_SAFE,
  'sanitize-html': HTML_SAFE, 'xss': HTML_SAFE, 'xss.filterXSS': HTML_SAFE, filterXSS: HTML_SAFE,
  'path.basename': Kind.PATH | Kind.MODULE,
  'sqlstring.escape': Kind.SQL | Kind.NOSQL, 'mysql.escape': Kind.SQL | Kind.NOSQL, 'mysql2.escape': Kind.SQL | Kind.NOSQL,
  'pg-format': Kind.SQL | Kind.NOSQL, 'pg-format.literal': Kind.SQL | Kind.NOSQL, 'pg-format.ident': Kind.SQL | Kind.NOSQL,
  'shell-quote.quote': Kind.CMD, 'shell-escape': Kind.CMD, 'shescape.quote': Kind.CMD,
  'escape-string-regexp': Kind.REGEX, 'lodash.escapeRegExp': Kind.REGEX, '_.escapeRegExp': Kind.REGEX,
  'mongo-sanitize': Kind.NOSQL, 'express-mongo-sanitize.sanitize': Kind.NOSQL,
};

/** Helper names that mean the same thing whatever module they come from. */
const byLastName: Record<string, number> = {
  escapeHtml: HTML_SAFE, escapeHTML: HTML_SAFE, htmlEscape: HTML_SAFE, encodeHTML: HTML_SAFE, sanitizeHtml: HTML_SAFE,
  escapeRegExp: Kind.REGEX, escapeRegex: Kind.REGEX, escapeStringRegexp: Kind.REGEX, quoteRegExp: Kind.REGEX,
  escapeShellArg: Kind.CMD, shellEscape: Kind.CMD, quoteShellArg: Kind.CMD,
  escapeIdentifier: Kind.SQL | Kind.NOSQL, escapeLiteral: Kind.SQL | Kind.NOSQL, escapeId: Kind.SQL | Kind.NOSQL,
};

/** Numeric and boolean coercions: the result cannot carry an injection into any sink. */
const numeric = new Set([
  'parseInt', 'parseFloat', 'Number', 'Number.parseInt', 'Number.parseFloat', 'Boolean', 'Math.floor', 'Math.ceil', 'Math.round',
  'Math.abs', 'Math.min', 'Math.max', 'Math.trunc', 'BigInt', 'Date.parse', 'isNaN', 'Number.isInteger', 'Number.isFinite',
]);

/** The kinds a call to `qualified` makes safe, or undefined when it is no sanitizer. */
export function sanitizerKinds(qualified: string | undefined): number | undefined {
  if (!qualified) return undefined;
  if (numeric.has(qualified)) return ALL_KINDS;
  const hit = exact[qualified];
  if (hit !== undefined) return hit;
  const last = qualified.slice(qualified.lastIndexOf('.') + 1);
  if (byLastName[last] !== undefined) return byLastName[last];
  // `connection.escape(v)` (mysql), `validator.escape(v)`, global `escape(v)`: each neutralises HTML and SQL quoting.
  if (last === 'escape' || last === 'sanitize') return HTML_SAFE | Kind.SQL;
  return undefined;
}

/** Free functions whose result carries the taint of their arguments. */
const propagatorNames = new Set([
  'String', 'JSON.parse', 'JSON.stringify', 'decodeURIComponent', 'decodeURI', 'unescape', 'util.format', 'format',
  'Buffer.from', 'Buffer.concat', 'Object.assign', 'Object.values', 'Object.entries', 'Object.fromEntries', 'Object.keys',
  'Array.from', 'Array.of', 'url.parse', 'url.format', 'querystring.parse', 'qs.parse', 'structuredClone', 'String.raw',
  'URL', 'URLSearchParams', 'Buffer', 'atob', 'btoa', 'lodash.merge', 'lodash.cloneDeep', 'lodash.get', '_.get', 'path',
]);

export function isPropagator(qualified: string | undefined): boolean {
  if (!qualified) return false;
  return propagatorNames.has(qualified) || qualified.startsWith('path.') || qualified.startsWith('url.');
}

/** Methods whose result no longer carries the receiver's content (booleans, numbers, positions). */
export const nonPropagatingMethods = new Set([
  'includes', 'startsWith', 'endsWith', 'indexOf', 'lastIndexOf', 'test', 'has', 'some', 'every', 'localeCompare', 'search',
  'length', 'size', 'findIndex', 'findLastIndex', 'charCodeAt', 'codePointAt', 'isArray', 'hasOwnProperty', 'getTime', 'valueOf',
]);

/** String methods: the result is a string, so it cannot smuggle an object into a NoSQL query. */
export const stringMethods = new Set([
  'trim', 'trimStart', 'trimEnd', 'toString', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'slice',
  'substring', 'substr', 'padStart', 'padEnd', 'repeat', 'normalize', 'replace', 'replaceAll', 'concat', 'join', 'charAt', 'at',
]);

/** Methods that pass the taint of their arguments into the result even when the receiver is clean. */
export const argumentPropagatingMethods = new Set(['concat', 'replace', 'replaceAll', 'join', 'assign', 'format', 'resolve', 'join', 'push']);
