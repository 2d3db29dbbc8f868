// Where a tainted value does harm. Each recogniser looks at one call (or assignment) and names the
// argument expressions that must not be tainted for a given kind, with the rule that reports it.
import { Kind } from './model.js';
import { booleanValue, dottedPath, objectProperty, propertyName, rootIdentifier, stringValue, unwrap, walk, type Node } from './ast.js';
import type { Names } from './names.js';

export interface SinkHit {
  ruleId: string;
  kind: number;
  /** The expression whose taint matters. */
  value: Node;
  /** What receives it, for the message (`child_process.exec`). */
  resource: string;
}

export interface SinkContext {
  names: Names;
  responseNames: ReadonlySet<string>;
  requestNames: ReadonlySet<string>;
}

const fsPathMethods = new Set([
  'readFile', 'readFileSync', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createReadStream', 'createWriteStream',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'open', 'openSync', 'access', 'accessSync',
  'stat', 'statSync', 'lstat', 'mkdir', 'mkdirSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'symlink',
  'link', 'truncate', 'chmod', 'chown', 'exists', 'existsSync', 'readJson', 'readJSON', 'outputFile', 'remove', 'removeSync',
  'readJsonSync', 'writeJson', 'move', 'copy', 'ensureFile', 'opendir', 'realpath', 'utimes', 'watch',
]);
const twoPathMethods = new Set(['rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync', 'symlink', 'link', 'move', 'copy']);
const shells = new Set(['sh', 'bash', 'zsh', '/bin/sh', '/bin/bash', 'cmd', 'cmd.exe', 'powershell', 'pwsh']);
const sqlMethods = new Set([
  'query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'joinRaw',
  'groupByRaw', 'selectRaw', 'fromRaw', 'unsafe', 'prepare', 'literal',
]);
/** Receivers whose `.exec()`/`.run()`/`.all()` take SQL (sqlite, better-sqlite3, knex transactions). */
const sqlReceiver = /^(db|sql|conn|connection|client|pool|database|knex|sqlite|trx|tx|sequelize|prisma|pg|mysql)/i;
const nosqlMethods = new Set([
  'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'updateOne', 'updateMany', 'deleteOne',
  'deleteMany', 'countDocuments', 'count', 'exists', 'findOneAndRemove', 'replaceOne',
]);
const httpClients = new Set([
  'fetch', 'node-fetch', 'undici.fetch', 'undici.request', 'undici.stream', 'axios', 'axios.get', 'axios.post', 'axios.put',
  'axios.patch', 'axios.delete', 'axios.head', 'axios.request', 'got', 'got.get', 'got.post', 'got.put', 'got.delete', 'got.stream',
  'http.get', 'http.request', 'https.get', 'https.request', 'request', 'request.get', 'request.post', 'superagent.get',
  'superagent.post', 'needle.get', 'needle.post', 'needle', 'ky', 'ky.get', 'ky.post', 'window.fetch', 'globalThis.fetch',
]);
const templateCompilers = new Set([
  'ejs.render', 'ejs.compile', 'pug.render', 'pug.compile', 'jade.compile', 'handlebars.compile', 'Handlebars.compile',
  'lodash.template', '_.template', 'nunjucks.renderString', 'dot.template', 'doT.template', 'eta.renderString', 'lodash.template',
]);
const protoSetters = new Set(['lodash.set', 'lodash.setWith', '_.set', '_.setWith', 'dot-prop.setProperty', 'dot-prop.set', 'set-value', 'object-path.set', 'dset']);
const codeRunners = new Set(['vm.runInThisContext', 'vm.runInNewContext', 'vm.runInContext', 'vm.compileFunction']);

const hit = (ruleId: string, kind: number, value: Node | undefined, resource: string): SinkHit[] => (value ? [{ ruleId, kind, value, resource }] : []);

/** Sinks of a call or `new` expression. */
export function callSinks(call: Node, ctx: SinkContext): SinkHit[] {
  const callee = unwrap(call.callee);
  const args: Node[] = call.arguments;
  const q = ctx.names.qualify(callee);
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
  // `res.status(400).send(x)`: the receiver is a call chain whose root is still the response.
  const receiverRoot = callee.type === 'MemberExpression' ? rootIdentifier(callee.object) : undefined;
  const receiverPath = callee.type === 'MemberExpression' ? dottedPath(callee.object) ?? (receiverRoot ? `${receiverRoot}…` : undefined) : undefined;
  const isNew = call.type === 'NewExpression';

  // Command injection
  if (q === 'child_process.exec' || q === 'child_process.execSync' || q === 'shelljs.exec' || q === 'execa.execaCommand' || q === 'execa.execaCommandSync' || q === 'execa.command') {
    return hit('PAVED-SAST-CMDI', Kind.CMD, args[0], q);
  }
  if (q && /^(child_process\.(spawn|spawnSync|execFile|execFileSync)|execa|execa\.execa|execa\.sync|execa\.execaSync)$/.test(q)) {
    const options = args.find((a, i) => i > 0 && unwrap(a).type === 'ObjectExpression');
    const shell = objectProperty(options, 'shell');
    const usesShell = !!shell && booleanValue(shell.value) !== false;
    const hits = hit('PAVED-SAST-CMDI', Kind.CMD, args[0], q);
    const list = args[1] && unwrap(args[1]).type === 'ArrayExpression' ? (unwrap(args[1]).elements as Node[]) : [];
    const viaShellFlag = shells.has(stringValue(args[0]) ?? '') && list.some((e) => ['-c', '/c', '-Command'].includes(stringValue(e) ?? ''));
    if (usesShell || viaShellFlag) for (const e of list) if (e) hits.push(...hit('PAVED-SAST-CMDI', Kind.CMD, e, q));
    return hits;
  }
  // Code injection
  if (!isNew && q === 'eval') return hit('PAVED-SAST-CODE', Kind.CODE, args[0], 'eval');
  if (q === 'Function') return args.flatMap((a) => hit('PAVED-SAST-CODE', Kind.CODE, a, 'Function'));
  if (q && codeRunners.has(q)) return hit('PAVED-SAST-CODE', Kind.CODE, args[0], q);
  if (isNew && q === 'vm.Script') return hit('PAVED-SAST-CODE', Kind.CODE, args[0], q);
  if (q && /^(window\.|globalThis\.)?(setTimeout|setInterval|setImmediate)$/.test(q)) {
    const first = args[0] && unwrap(args[0]);
    if (first && first.type !== 'ArrowFunctionExpression' && first.type !== 'FunctionExpression') return hit('PAVED-SAST-CODE', Kind.CODE, args[0], q);
    return [];
  }
  // Path traversal
  const fsMethod = q?.startsWith('fs.') ? q.slice(3) : undefined;
  if (q && fsMethod && fsPathMethods.has(fsMethod)) {
    const hits = hit('PAVED-SAST-PATH', Kind.PATH, args[0], q);
    if (twoPathMethods.has(fsMethod)) hits.push(...hit('PAVED-SAST-PATH', Kind.PATH, args[1], q));
    return hits;
  }
  if (receiverRoot && ctx.responseNames.has(receiverRoot) && (method === 'sendFile' || method === 'download' || method === 'sendfile')) {
    // Express's sendFile with a `root` option refuses paths that climb out of that root.
    const options = args.slice(1).find((a) => unwrap(a).type === 'ObjectExpression');
    if (method !== 'download' && objectProperty(options, 'root')) return [];
    return hit('PAVED-SAST-PATH', Kind.PATH, args[0], `${receiverPath}.${method}`);
  }
  // Open redirect
  if (method === 'redirect' && receiverRoot && ctx.responseNames.has(receiverRoot)) {
    return hit('PAVED-SAST-REDIRECT', Kind.REDIRECT, args[args.length - 1], `${receiverPath}.redirect`);
  }
  if ((method === 'assign' || method === 'replace') && receiverPath && /^(window\.|document\.)?location$/.test(receiverPath)) {
    return hit('PAVED-SAST-REDIRECT', Kind.REDIRECT, args[0], `location.${method}`);
  }
  if (q === 'window.open') return hit('PAVED-SAST-REDIRECT', Kind.REDIRECT, args[0], q);
  // Cross-site scripting
  if (receiverRoot && ctx.responseNames.has(receiverRoot) && method && ['send', 'write', 'end'].includes(method) && !ctx.requestNames.has(receiverRoot)) {
    const body = args[0] && unwrap(args[0]);
    // Objects and arrays are serialised as JSON, not HTML.
    if (!body || body.type === 'ObjectExpression' || body.type === 'ArrayExpression') return [];
    // Express's send() labels a string text/html; Node's write()/end() send whatever type the code set, so
    // those count only when the value is visibly HTML.
    // Fastify's reply.send() labels a string text/plain, so `reply` counts only for visible HTML too.
    if ((method !== 'send' || /^reply$/i.test(receiverRoot)) && !containsHtmlLiteral(body) && !setsHtmlType(callee.object)) return [];
    return hit('PAVED-SAST-XSS', Kind.HTML, args[0], `${receiverPath}.${method}`);
  }
  if (q === 'document.write' || q === 'document.writeln') return hit('PAVED-SAST-XSS', Kind.HTML, args[0], q);
  if (method === 'insertAdjacentHTML') return hit('PAVED-SAST-XSS', Kind.HTML, args[1], 'insertAdjacentHTML');
  if (method === 'html' && callee.object && unwrap(callee.object).type === 'CallExpression' && /^(\$|jQuery)$/.test(unwrap(callee.object).callee?.name ?? '')) {
    return hit('PAVED-SAST-XSS', Kind.HTML, args[0], 'jQuery.html');
  }
  // Regular expression injection
  if (q === 'RegExp') return hit('PAVED-SAST-REGEX', Kind.REGEX, args[0], 'RegExp');
  // Dynamic require
  if (q === 'require' && args[0] && stringValue(args[0]) === undefined) return hit('PAVED-SAST-REQUIRE', Kind.MODULE, args[0], 'require');
  // Unsafe deserialization
  if (q === 'node-serialize.unserialize' || q === 'funcster.deepDeserialize' || q === 'serialize-to-js.deserialize' || q === 'js-yaml.unsafeLoad' || q === 'js-yaml.unsafeLoadAll') {
    return hit('PAVED-SAST-DESER', Kind.DESER, args[0], q);
  }
  if ((q === 'js-yaml.load' || q === 'js-yaml.loadAll') && args[1]) {
    const schema = objectProperty(args[1], 'schema');
    const schemaName = schema ? ctx.names.qualify(schema.value) ?? '' : '';
    if (/FULL_SCHEMA|DEFAULT_FULL|js-yaml-js-types/.test(schemaName)) return hit('PAVED-SAST-DESER', Kind.DESER, args[0], q);
  }
  // Server-side request forgery
  if (q && httpClients.has(q)) {
    const first = args[0] && unwrap(args[0]);
    if (first?.type === 'ObjectExpression') {
      const url = objectProperty(first, 'url') ?? objectProperty(first, 'host') ?? objectProperty(first, 'hostname') ?? objectProperty(first, 'baseURL');
      return hit('PAVED-SAST-SSRF', Kind.SSRF, url?.value, q);
    }
    return hit('PAVED-SAST-SSRF', Kind.SSRF, args[0], q);
  }
  // Template injection
  if (q && templateCompilers.has(q)) return hit('PAVED-SAST-SSTI', Kind.TEMPLATE, args[0], q);
  // Prototype pollution
  if (q && protoSetters.has(q)) return hit('PAVED-SAST-PROTO', Kind.PROTO, args[1], q);
  // SQL injection: the query text itself must not be built from input; values passed separately are safe.
  if (method && (sqlMethods.has(method) || ((method === 'exec' || method === 'run' || method === 'all' || method === 'get') && sqlReceiver.test(receiverRoot ?? '')))) {
    if (receiverRoot && (ctx.requestNames.has(receiverRoot) || ctx.responseNames.has(receiverRoot))) return [];
    if (q && (q.startsWith('child_process.') || q.startsWith('fs.') || q.startsWith('axios') || q.startsWith('got') || httpClients.has(q))) return [];
    if (method === 'get' && args.length !== 1) return [];
    const first = args[0] && unwrap(args[0]);
    if (first?.type === 'ObjectExpression') {
      const text = objectProperty(first, 'text') ?? objectProperty(first, 'sql');
      return hit('PAVED-SAST-SQLI', Kind.SQL, text?.value, `${receiverPath ?? '?'}.${method}`);
    }
    return hit('PAVED-SAST-SQLI', Kind.SQL, args[0], `${receiverPath ?? '?'}.${method}`);
  }
  // NoSQL injection: a request value used as a whole in a query object can be `{ "$ne": null }`.
  if (method && nosqlMethods.has(method) && args[0] && unwrap(args[0]).type === 'ObjectExpression') {
    const hits: SinkHit[] = [];
    for (const p of unwrap(args[0]).properties as Node[]) {
      if (p.type !== 'Property') continue;
      const key = p.key.type === 'Identifier' ? p.key.name : stringValue(p.key);
      // `$where` runs JavaScript: any string from input is dangerous there, coerced or not.
      hits.push(...hit('PAVED-SAST-NOSQLI', key === '$where' ? Kind.CODE : Kind.NOSQL, p.value, `${receiverPath ?? '?'}.${method}`));
    }
    return hits;
  }
  return [];
}

/** Sinks of an assignment `target = value`. */
export function assignmentSinks(target: Node, value: Node, ctx: SinkContext): SinkHit[] {
  const t = unwrap(target);
  const path = dottedPath(t);
  if (t.type === 'MemberExpression') {
    const prop = propertyName(t);
    if (prop === 'innerHTML' || prop === 'outerHTML') return hit('PAVED-SAST-XSS', Kind.HTML, value, prop);
    if (path && /^(window\.|document\.)?location(\.href)?$/.test(path)) return hit('PAVED-SAST-REDIRECT', Kind.REDIRECT, value, path);
    if (prop === 'body' && path && ctx.responseNames.has(path.split('.')[0]) && path.split('.').length === 2) {
      const v = unwrap(value);
      if (v.type === 'ObjectExpression' || v.type === 'ArrayExpression') return [];
      return hit('PAVED-SAST-XSS', Kind.HTML, value, path);
    }
  } else if (t.type === 'Identifier' && t.name === 'location') return hit('PAVED-SAST-REDIRECT', Kind.REDIRECT, value, 'location');
  return [];
}

/** True when a string literal or template part inside `node` contains an HTML tag. */
function containsHtmlLiteral(node: Node): boolean {
  let found = false;
  walk(node, (n) => {
    if (found) return;
    const text = n.type === 'Literal' && typeof n.value === 'string' ? n.value : n.type === 'TemplateElement' ? n.value?.cooked : undefined;
    if (typeof text === 'string' && /<[a-zA-Z!/]/.test(text)) found = true;
  });
  return found;
}

/** `reply.type('text/html').send(x)`, `res.header('Content-Type', 'text/html').send(x)`: the chain declares HTML. */
function setsHtmlType(receiver: Node): boolean {
  for (let n = unwrap(receiver); n.type === 'CallExpression'; ) {
    if (n.arguments.some((a: Node) => /text\/html/i.test(stringValue(a) ?? ''))) return true;
    const callee = unwrap(n.callee);
    if (callee.type !== 'MemberExpression') break;
    n = unwrap(callee.object);
  }
  return false;
}
