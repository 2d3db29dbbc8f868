// Where attacker-controlled values come from. A source is recognised by shape: a property of a request
// object that a handler receives, a Lambda event payload, the browser's location, or the process's argv/env.
import { ALL_KINDS, Kind, type Taint } from './model.js';
import { dottedPath, propertyName, unwrap, type Node } from './ast.js';

/** Request properties an HTTP client controls (Express, Fastify, Koa, Node's http, Next.js API routes). */
const requestProperties = new Set([
  'query', 'body', 'params', 'headers', 'header', 'cookies', 'signedCookies', 'url', 'originalUrl', 'path', 'querystring',
  'search', 'files', 'file', 'rawBody', 'hostname', 'host', 'href',
]);
/** Request methods that return client-controlled values (`req.get('x-forwarded-host')`). */
const requestGetters = new Set(['get', 'header', 'param', 'getHeader', 'cookie']);
/** AWS Lambda / API Gateway event fields. */
const lambdaProperties = new Set([
  'body', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'headers', 'multiValueHeaders',
  'rawPath', 'rawQueryString', 'cookies',
]);
/** Browser values an attacker controls through a link. */
const browserSources = new Set([
  'location.search', 'location.hash', 'location.href', 'location.pathname', 'document.URL', 'document.documentURI',
  'document.referrer', 'window.name', 'document.cookie',
]);
/** Header-only (string) request values cannot carry a `{ $ne: … }` object into a NoSQL query. */
const stringOnlyProperties = new Set(['headers', 'header', 'url', 'originalUrl', 'path', 'querystring', 'search', 'hostname', 'host', 'href']);

export interface SourceContext {
  requestNames: ReadonlySet<string>;
  eventNames: ReadonlySet<string>;
  line(offset: number): number;
}

function taint(source: string, node: Node, ctx: SourceContext, safe = 0): Taint {
  return { source, line: ctx.line(node.start), safe };
}

/** The taint a member expression or call introduces, or undefined if it is not a source. */
export function sourceTaint(expr: Node, ctx: SourceContext): Taint | undefined {
  const node = unwrap(expr);
  if (node.type === 'MemberExpression') return memberSource(node, ctx);
  if (node.type === 'CallExpression') {
    const callee = unwrap(node.callee);
    if (callee.type !== 'MemberExpression') return undefined;
    const method = propertyName(callee);
    if (!method || !requestGetters.has(method)) return undefined;
    const receiver = unwrap(callee.object);
    const path = dottedPath(receiver);
    if (!path) return undefined;
    const parts = path.split('.');
    const isRequest = ctx.requestNames.has(parts[0]) && (parts.length === 1 || (parts.length === 2 && (parts[1] === 'request' || parts[1] === 'cookies' || parts[1] === 'req')));
    if (!isRequest) return undefined;
    return taint(`${path}.${method}(…)`, node, ctx, Kind.NOSQL);
  }
  return undefined;
}

const otherRoots = new Set(['location', 'window', 'document', 'process']);

function memberSource(node: Node, ctx: SourceContext): Taint | undefined {
  // Most member expressions are not sources: look at the root name before building the dotted path.
  let rootNode = node;
  while (rootNode.type === 'MemberExpression') rootNode = unwrap(rootNode.object);
  if (rootNode.type !== 'Identifier') return undefined;
  const rootName: string = rootNode.name;
  if (!ctx.requestNames.has(rootName) && !ctx.eventNames.has(rootName) && !otherRoots.has(rootName)) return undefined;
  const path = dottedPath(node);
  if (!path) return undefined;
  const parts = path.split('.');
  const root = parts[0];
  if (ctx.requestNames.has(root)) {
    // req.query, ctx.request.body, ctx.req.url, request.raw.url
    let i = 1;
    if ((parts[1] === 'request' || parts[1] === 'req' || parts[1] === 'raw') && parts.length > 2) i = 2;
    const prop = parts[i];
    if (prop !== undefined && requestProperties.has(prop)) {
      return taint(parts.slice(0, Math.max(i + 2, 4)).join('.'), node, ctx, stringOnlyProperties.has(prop) ? Kind.NOSQL : 0);
    }
    return undefined;
  }
  if (ctx.eventNames.has(root) && parts[1] !== undefined && lambdaProperties.has(parts[1])) {
    return taint(`${root}.${parts[1]}`, node, ctx);
  }
  const browser = root === 'window' || root === 'document' && parts[1] === 'location' ? parts.slice(1).join('.') : path;
  for (const candidate of [browser, path]) {
    const key = candidate.split('.').slice(0, 2).join('.');
    if (browserSources.has(key)) return taint(key, node, ctx, Kind.NOSQL | Kind.SQL);
  }
  if (root === 'process' && parts[1] === 'argv') {
    // A command-line argument is the caller's own input: CLIs pass it to commands and files by design, so it
    // matters only where it is evaluated as code.
    return taint('process.argv', node, ctx, ALL_KINDS & ~Kind.CODE);
  }
  if (root === 'process' && parts[1] === 'env' && parts.length > 2) {
    return taint(path, node, ctx, ALL_KINDS & ~Kind.CODE);
  }
  return undefined;
}

/** NestJS parameter decorators: `@Query() q`, `@Body() dto`, `@Param('id') id` are input; `@Req()`/`@Res()` are the objects. */
export function nestParameter(param: Node): string | 'request' | 'response' | undefined {
  const decorators: Node[] | undefined = param.decorators ?? (param.type === 'TSParameterProperty' ? param.parameter?.decorators : undefined);
  if (!decorators?.length) return undefined;
  for (const d of decorators) {
    const e = unwrap(d.expression);
    const name = e.type === 'CallExpression' && unwrap(e.callee).type === 'Identifier' ? unwrap(e.callee).name : undefined;
    if (name === 'Req' || name === 'Request') return 'request';
    if (name === 'Res' || name === 'Response') return 'response';
    if (name && ['Query', 'Body', 'Param', 'Headers', 'Cookies', 'HostParam', 'UploadedFile', 'UploadedFiles'].includes(name)) return `@${name}()`;
  }
  return undefined;
}
