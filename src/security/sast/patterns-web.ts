// Pattern rules about web and TLS settings: insecure options written as literals in the code.
import { booleanValue, dottedPath, isFunction, objectProperty, propertyName, stringValue, unwrap, walk, type Node } from './ast.js';
import type { PatternContext } from './patterns.js';

const sessionFactories = /^(express-session|cookie-session|koa-session|@fastify\/session|@fastify\/secure-session|session|cookieSession)$/;
const jwtCallees = /(^|\.)(jsonwebtoken|jwt|jose|expressjwt|express-jwt|@fastify\/jwt|koa-jwt)(\.|$)|expressJwt|JwtStrategy/i;
const csrfKeys = /^(csrf|csrfProtection|xsrf|csrfCheck|checkCsrf)$/i;

function isLiteralSecret(node: Node | undefined): Node | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (stringValue(n) !== undefined) return n;
  // process.env.SECRET || 'dev-secret': the fallback ships in the code and is used whenever the variable is unset.
  if (n.type === 'LogicalExpression' && (n.operator === '||' || n.operator === '??')) return isLiteralSecret(n.right);
  if (n.type === 'ArrayExpression' && n.elements.length > 0 && n.elements.every((e: Node | null) => e && stringValue(e) !== undefined)) return n;
  return undefined;
}

/** Callee names the call rules below look at; other calls are dismissed early (imported functions always pass). */
const interestingCalls = new Set([
  'sign', 'verify', 'register', 'cookie', 'setCookie', 'set', 'setHeader', 'header', 'postMessage', 'addEventListener', 'parseXml',
  'parseXmlString', 'enableCors', 'Buffer', 'cors', 'session', 'cookieSession', 'cookieParser', 'csrf', 'csurf', 'lusca',
]);

export function webPatterns(node: Node, _ancestors: Node[], ctx: PatternContext): void {
  if (node.type === 'Property' && !node.computed) {
    const key: string | undefined = node.key.name ?? stringValue(node.key);
    if (!key) return;
    const value = unwrap(node.value);
    if ((key === 'rejectUnauthorized' || key === 'strictSSL') && (booleanValue(value) === false || (value.type === 'Literal' && value.value === 0))) {
      ctx.report('PAVED-SAST-TLS-REJECT', node, `${key}: false accepts any certificate, so anyone on the path can read and change the traffic`, key);
    } else if (key === 'NODE_TLS_REJECT_UNAUTHORIZED' && ['0', 'false'].includes(String(value.value ?? stringValue(value)))) {
      ctx.report('PAVED-SAST-TLS-ENV', node, 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for the whole process', key);
    } else if ((key === 'secureProtocol' && /^(SSLv|TLSv1_method|TLSv1_1_method|TLS_method)/.test(stringValue(value) ?? '') && stringValue(value) !== 'TLS_method') ||
      ((key === 'minVersion' || key === 'maxVersion') && /^(TLSv1|TLSv1\.1|SSLv3)$/.test(stringValue(value) ?? ''))) {
      ctx.report('PAVED-SAST-TLS-VERSION', node, `${key}: ${stringValue(value)} allows TLS 1.0/1.1, which are deprecated (RFC 8996)`, key);
    } else if (csrfKeys.test(key) && booleanValue(value) === false) {
      ctx.report('PAVED-SAST-CSRF-DISABLED', node, `${key}: false turns off CSRF protection`, key);
    } else if ((key === 'algorithms' || key === 'algorithm') && (stringValue(value)?.toLowerCase() === 'none' ||
      (value.type === 'ArrayExpression' && value.elements.some((e: Node | null) => e && stringValue(e)?.toLowerCase() === 'none')))) {
      ctx.report('PAVED-SAST-JWT-NONE', node, 'the "none" algorithm accepts unsigned tokens', key);
    } else if (key === 'secretOrKey' && isLiteralSecret(value)) {
      ctx.report('PAVED-SAST-JWT-SECRET', node, 'the JWT key is written in the code', key);
    }
    return;
  }
  if (node.type === 'AssignmentExpression') {
    const target = dottedPath(node.left) ?? '';
    if (/^process\.env\.NODE_TLS_REJECT_UNAUTHORIZED$/.test(target) || (unwrap(node.left).type === 'MemberExpression' && propertyName(unwrap(node.left)) === 'NODE_TLS_REJECT_UNAUTHORIZED')) {
      const v = unwrap(node.right);
      if (['0', 'false'].includes(String(v.value ?? stringValue(v)))) ctx.report('PAVED-SAST-TLS-ENV', node, 'NODE_TLS_REJECT_UNAUTHORIZED=0 turns off certificate checks for the whole process', 'NODE_TLS_REJECT_UNAUTHORIZED');
    } else if (/^(app|server)\.keys$/.test(target) && isLiteralSecret(node.right)) {
      ctx.report('PAVED-SAST-SESSION-SECRET', node, 'the cookie signing keys are written in the code', target);
    }
    return;
  }
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return;
  const callee = unwrap(node.callee);
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
  if (!method || (!interestingCalls.has(method) && !(callee.type === 'Identifier' && ctx.names.alias(method)) && !/jwt|Jwt|JWT/.test(method))) return;
  const q = ctx.names.qualify(callee) ?? '';
  const args: Node[] = node.arguments;

  // jwt.sign(payload, 'secret'), jwt.verify(token, 'secret'), expressjwt({ secret: 'x' })
  if ((method === 'sign' || method === 'verify') && jwtCallees.test(q) && args[1] && isLiteralSecret(args[1])) {
    ctx.report('PAVED-SAST-JWT-SECRET', node, `the key passed to ${method} is written in the code`, q);
  } else if (jwtCallees.test(q) && isLiteralSecret(objectProperty(args[0], 'secret')?.value)) {
    ctx.report('PAVED-SAST-JWT-SECRET', node, 'the JWT secret is written in the code', q);
  }
  if (method === 'register' && args[0] && jwtCallees.test(ctx.names.qualify(args[0]) ?? '') && isLiteralSecret(objectProperty(args[1], 'secret')?.value)) {
    ctx.report('PAVED-SAST-JWT-SECRET', node, 'the JWT secret is written in the code', 'register');
  }
  // session({ secret: 'keyboard cat', cookie: { … } }), cookieParser('secret')
  const isSession = sessionFactories.test(q) || (method === 'register' && args[0] && /session|cookie/i.test(ctx.names.qualify(args[0]) ?? ''));
  const options = method === 'register' ? args[1] : args[0];
  if (isSession && options) {
    const secret = objectProperty(options, 'secret') ?? objectProperty(options, 'key') ?? objectProperty(options, 'keys');
    if (secret && isLiteralSecret(secret.value)) ctx.report('PAVED-SAST-SESSION-SECRET', node, 'the session signing secret is written in the code', q || 'register');
    const cookie = objectProperty(options, 'cookie')?.value;
    if (booleanValue(objectProperty(cookie, 'httpOnly')?.value) === false) ctx.report('PAVED-SAST-COOKIE-HTTPONLY', node, 'the session cookie is readable from JavaScript (httpOnly: false)', q || 'register');
    if (booleanValue(objectProperty(cookie, 'secure')?.value) === false) ctx.report('PAVED-SAST-COOKIE-SECURE', node, 'the session cookie is sent over plain HTTP (secure: false)', q || 'register');
  }
  if (q === 'cookie-parser' && args[0] && isLiteralSecret(args[0])) {
    ctx.report('PAVED-SAST-SESSION-SECRET', node, 'the cookie signing secret is written in the code', q);
  }
  // res.cookie(name, value, options), reply.setCookie(…), ctx.cookies.set(…)
  const receiver = callee.type === 'MemberExpression' ? dottedPath(callee.object) ?? '' : '';
  const isCookieCall = (method === 'cookie' && /^(res|response|reply|resp)$/.test(receiver)) || (method === 'setCookie' && /^(res|response|reply|resp)$/.test(receiver)) ||
    (method === 'set' && /^(ctx|context)\.cookies$/.test(receiver));
  if (isCookieCall && args.length >= 2) {
    const opts = args[2] && unwrap(args[2]);
    const opaque = opts && (opts.type !== 'ObjectExpression' || opts.properties.some((p: Node) => p.type === 'SpreadElement'));
    if (!opaque) {
      const koa = method === 'set'; // koa's cookies default to httpOnly: true
      const httpOnly = booleanValue(objectProperty(opts, 'httpOnly')?.value);
      const secure = objectProperty(opts, 'secure');
      if (httpOnly === false || (httpOnly === undefined && !koa)) ctx.report('PAVED-SAST-COOKIE-HTTPONLY', node, 'the cookie is set without httpOnly, so scripts (and XSS) can read it', `${receiver}.${method}`);
      if (!secure || booleanValue(secure.value) === false) ctx.report('PAVED-SAST-COOKIE-SECURE', node, 'the cookie is set without secure, so it is also sent over plain HTTP', `${receiver}.${method}`);
    }
  }
  // cors({ origin: '*' | true | reflect, credentials: true })
  const corsOptions = q === 'cors' || q === '@koa/cors' ? args[0] : method === 'register' && /cors/i.test(ctx.names.qualify(args[0] ?? node) ?? '') ? args[1] : method === 'enableCors' ? args[0] : undefined;
  if (corsOptions && booleanValue(objectProperty(corsOptions, 'credentials')?.value) === true) {
    const origin = objectProperty(corsOptions, 'origin')?.value;
    if (origin && (stringValue(origin) === '*' || booleanValue(origin) === true || reflectsOrigin(origin))) {
      ctx.report('PAVED-SAST-CORS-CREDENTIALS', node, 'any origin may make credentialed requests: the CORS origin is "*" or reflected while credentials are allowed', q || 'cors');
    }
  }
  // res.setHeader('Access-Control-Allow-Origin', req.headers.origin) with Allow-Credentials: true in the same file
  if ((method === 'setHeader' || method === 'header' || method === 'set') && /^access-control-allow-origin$/i.test(stringValue(args[0]) ?? '') && args[1] && ctx.allowsCredentialsHeader) {
    const v = unwrap(args[1]);
    const text = ctx.text.slice(v.start, v.end);
    if (stringValue(v) === '*' || /\borigin\b/i.test(text) && !stringValue(v)) {
      ctx.report('PAVED-SAST-CORS-CREDENTIALS', node, 'Access-Control-Allow-Origin reflects the caller (or is "*") while Allow-Credentials is true', 'Access-Control-Allow-Origin');
    }
  }
  // csurf({ ignoreMethods: ['POST', …] })
  if (q === 'csurf' && objectProperty(args[0], 'ignoreMethods')) {
    const methods = unwrap(objectProperty(args[0], 'ignoreMethods')!.value);
    if (methods.type === 'ArrayExpression' && methods.elements.some((e: Node | null) => e && /^(POST|PUT|PATCH|DELETE)$/i.test(stringValue(e) ?? ''))) {
      ctx.report('PAVED-SAST-CSRF-DISABLED', node, 'csurf is told to skip state-changing methods', q);
    }
  }
  // libxmljs.parseXml(xml, { noent: true }) expands external entities (XXE)
  if ((q.startsWith('libxmljs') || method === 'parseXml' || method === 'parseXmlString') && booleanValue(objectProperty(args[1], 'noent')?.value) === true) {
    ctx.report('PAVED-SAST-XXE', node, 'noent: true expands external entities, so a document can read local files', q || method || 'parseXml');
  }
  // new Buffer(n) returns uninitialised memory in old Node versions and is deprecated everywhere
  if (callee.type === 'Identifier' && callee.name === 'Buffer' && args.length > 0) {
    ctx.report('PAVED-SAST-BUFFER', node, 'the Buffer constructor is deprecated (DEP0005); a number argument exposed uninitialised memory', 'Buffer');
  }
  // window.postMessage(data, '*') and message listeners that never look at event.origin
  if (method === 'postMessage' && stringValue(args[1]) === '*') {
    ctx.report('PAVED-SAST-POSTMESSAGE-WILDCARD', node, "postMessage with target origin '*' hands the data to whatever page is loaded in that window", 'postMessage');
  }
  // Only window messages come from other origins; a WebSocket's or a Worker's 'message' events do not.
  const windowLike = callee.type === 'Identifier' || /^(window|self|globalThis|top|parent)$/.test(receiver);
  if (method === 'addEventListener' && windowLike && stringValue(args[0]) === 'message' && args[1] && isFunction(unwrap(args[1]))) {
    const fn = unwrap(args[1]);
    let checksOrigin = false;
    walk(fn.body, (n) => { if (n.type === 'MemberExpression' && propertyName(n) === 'origin') checksOrigin = true; });
    if (!checksOrigin) ctx.report('PAVED-SAST-POSTMESSAGE-ORIGIN', node, 'the message handler never checks event.origin, so any page can send it commands', 'addEventListener');
  }
}

function reflectsOrigin(origin: Node): boolean {
  const fn = unwrap(origin);
  if (!isFunction(fn)) return false;
  let decides = false;
  walk(fn.body, (n) => {
    if (n.type === 'IfStatement' || n.type === 'ConditionalExpression' || n.type === 'LogicalExpression' || n.type === 'BinaryExpression' || n.type === 'SwitchStatement') decides = true;
    if (n.type === 'CallExpression' && ['includes', 'has', 'test', 'indexOf', 'endsWith'].includes(propertyName(unwrap(n.callee)) ?? '')) decides = true;
  });
  return !decides;
}
