// Intra-procedural taint tracking (with one step into functions of the same file).
// The interpreter walks each function's statements in order, keeping for every local variable the taint
// its value may carry. Branches are merged as "may be tainted" (an assignment inside a branch adds to,
// never replaces, the taint). Guards (`if (!ALLOWED.includes(x)) return`) clean an expression for the
// rest of the block; sanitizer calls clean a value for the sink kinds they protect against.
import { Kind, isDangerousFor, sanitize, unionTaint, type RawFinding, type Taint } from './model.js';
import { constantPrefix, dottedPath, isFunction, patternNames, propertyName, stringValue, unwrap, type Node } from './ast.js';
import { guardFacts } from './guards.js';
import type { Names } from './names.js';
import { argumentPropagatingMethods, isPropagator, nonPropagatingMethods, sanitizerKinds, stringMethods } from './sanitizers.js';
import { assignmentSinks, callSinks, type SinkHit } from './sinks.js';
import { nestParameter, sourceTaint } from './sources.js';
import { Frame, prefixSafety, replaceSafety } from './frame.js';
import { FlowInterpreter } from './taint-flow.js';

export interface TaintHost {
  names: Names;
  /**
   * The file shows it handles HTTP (imports a web framework or mentions a request type). Only then are parameters
   * named `request` or `ctx` taken for requests: elsewhere they are worker messages, canvas contexts, …
   */
  httpFile: boolean;
  line(offset: number): number;
  report(finding: RawFinding): void;
}

const iterationMethods = new Set(['map', 'forEach', 'filter', 'flatMap', 'some', 'every', 'find', 'findLast', 'sort']);
const routeMethods = new Set(['get', 'post', 'put', 'patch', 'delete', 'del', 'all', 'use', 'head', 'options', 'route', 'any']);
const requestParamNames = new Set(['req', 'request', 'ctx']);
const responseParamNames = new Set(['res', 'response', 'reply', 'resp', 'ctx']);
const eventParamNames = new Set(['event']);
const MAX_SUMMARY_DEPTH = 3;

export class TaintAnalysis extends FlowInterpreter {
  // ---- functions ----

  /** Analyses a function where it is defined (closures see the current variables) and returns its return taint. */
  protected analyzeFunction(fn: Node, args: Array<Taint | undefined> = [], roles: { request?: boolean; response?: boolean } = {}, parent: Frame = this.f): Taint | undefined {
    const saved = this.f;
    const frame = new Frame(parent, parent.requestNames, parent.responseNames, parent.eventNames, this.host.line);
    this.f = frame;
    try {
      (fn.params as Node[]).forEach((param, i) => {
        const names = patternNames(param);
        const bare = param.type === 'Identifier' || param.type === 'AssignmentPattern' && param.left.type === 'Identifier';
        for (const name of names) {
          // A parameter shadows an outer request/response of the same name unless it is one itself.
          const byName = requestParamNames.has(name) && (name === 'req' || this.host.httpFile);
          frame.setRole('requestNames', name, byName || (i === 0 && !!roles.request && bare));
          frame.setRole('responseNames', name, responseParamNames.has(name) || (i === 1 && !!roles.response && bare));
          frame.setRole('eventNames', name, eventParamNames.has(name));
        }
        let t = args[i];
        // app.get('/x', ({ query, body }, res) => …): every destructured request part is input.
        if (i === 0 && roles.request && param.type === 'ObjectPattern') t = { source: 'request (destructured)', line: this.host.line(param.start), safe: 0 };
        const nest = nestParameter(param);
        if (nest === 'request') frame.setRole('requestNames', names[0], true);
        else if (nest === 'response') frame.setRole('responseNames', names[0], true);
        else if (nest) t = { source: `${nest} parameter ${names[0] ?? ''}`.trim(), line: this.host.line(param.start), safe: 0 };
        this.bind(param, t, true);
      });
      if (fn.body?.type === 'BlockStatement') this.statements(fn.body.body);
      else if (fn.body) frame.returned = this.expr(fn.body);
      return frame.returned;
    } finally {
      this.f = saved;
    }
  }

  /** What a same-file function returns for tainted arguments; also reports the sinks they reach inside it. */
  protected summary(fn: Node, args: Array<Taint | undefined>): Taint | undefined {
    if (this.summaryDepth >= MAX_SUMMARY_DEPTH || this.inProgress.has(fn)) return undefined;
    const key = `${fn.start}:${args.map((a) => (a ? `${a.safe}@${a.line}` : '-')).join(',')}`;
    if (this.summaries.has(key)) return this.summaries.get(key);
    this.inProgress.add(fn);
    this.summaryDepth++;
    try {
      const result = this.analyzeFunction(fn, args, {}, this.top);
      this.summaries.set(key, result);
      return result;
    } finally {
      this.summaryDepth--;
      this.inProgress.delete(fn);
    }
  }

  // ---- expressions ----

  protected expr(node: Node | null | undefined): Taint | undefined {
    if (!node) return undefined;
    const t = this.exprInner(node);
    if (t) this.tainted.set(node, t);
    return t;
  }

  protected exprInner(node: Node): Taint | undefined {
    switch (node.type) {
      case 'Identifier': return this.lookup(node.name);
      case 'Literal': case 'ThisExpression': case 'Super': case 'MetaProperty': case 'PrivateIdentifier': return undefined;
      // The most frequent node types come first: V8 compares the cases in order.
      case 'MemberExpression': return this.member(node);
      case 'CallExpression': case 'NewExpression': return this.call(node);
      case 'ParenthesizedExpression': case 'TSAsExpression': case 'TSNonNullExpression': case 'TSTypeAssertion':
      case 'TSSatisfiesExpression': case 'ChainExpression': case 'AwaitExpression': case 'SpreadElement':
      case 'TSInstantiationExpression':
        return this.expr(node.expression ?? node.argument);
      case 'TemplateLiteral': {
        let t: Taint | undefined;
        for (const e of node.expressions) t = unionTaint(t, this.expr(e));
        return sanitize(t, Kind.NOSQL | prefixSafety(constantPrefix(node)));
      }
      case 'TaggedTemplateExpression': {
        let t: Taint | undefined;
        for (const e of node.quasi.expressions) t = unionTaint(t, this.expr(e));
        this.expr(node.tag);
        // Tagged templates (sql`…`, Prisma.sql`…`, html`…`) pass values separately; only String.raw builds a plain string.
        return dottedPath(node.tag) === 'String.raw' ? t : undefined;
      }
      case 'BinaryExpression': {
        const l = this.expr(node.left), r = this.expr(node.right);
        if (node.operator !== '+') return undefined;
        return sanitize(unionTaint(l, r), Kind.NOSQL | prefixSafety(constantPrefix(node)));
      }
      case 'LogicalExpression': return unionTaint(this.expr(node.left), this.expr(node.right));
      case 'ConditionalExpression': {
        this.expr(node.test);
        const facts = guardFacts(node.test);
        let a: Taint | undefined, b: Taint | undefined;
        this.withBlock(facts.whenTrue, () => { a = this.expr(node.consequent); });
        this.withBlock(facts.whenFalse, () => { b = this.expr(node.alternate); });
        return unionTaint(a, b);
      }
      case 'UnaryExpression': case 'UpdateExpression': this.expr(node.argument); return undefined;
      case 'SequenceExpression': {
        let t: Taint | undefined;
        for (const e of node.expressions) t = this.expr(e);
        return t;
      }
      case 'ArrayExpression': {
        let t: Taint | undefined;
        for (const e of node.elements) t = unionTaint(t, this.expr(e));
        return t;
      }
      case 'ObjectExpression': {
        let t: Taint | undefined;
        for (const p of node.properties) {
          if (p.type === 'SpreadElement') t = unionTaint(t, this.expr(p.argument));
          else {
            if (p.computed) this.expr(p.key);
            t = unionTaint(t, this.expr(p.value));
          }
        }
        return t;
      }
      case 'AssignmentExpression': return this.assignment(node);
      case 'FunctionExpression': case 'ArrowFunctionExpression': this.analyzeFunction(node); return undefined;
      case 'ClassExpression': this.classBody(node); return undefined;
      case 'ImportExpression': {
        const t = this.expr(node.source);
        this.sinks([{ ruleId: 'PAVED-SAST-REQUIRE', kind: Kind.MODULE, value: node.source, resource: 'import()' }], node);
        return t;
      }
      case 'JSXAttribute': {
        if (node.name?.name === 'dangerouslySetInnerHTML' && node.value?.type === 'JSXExpressionContainer') {
          this.expr(node.value.expression);
          const html = unwrap(node.value.expression).type === 'ObjectExpression'
            ? (unwrap(node.value.expression).properties as Node[]).find((p) => p.type === 'Property' && (p.key.name ?? p.key.value) === '__html')
            : undefined;
          if (html) this.sinks([{ ruleId: 'PAVED-SAST-XSS', kind: Kind.HTML, value: html.value, resource: 'dangerouslySetInnerHTML' }], node);
          return undefined;
        }
        this.children(node);
        return undefined;
      }
      default:
        if (this.isTypeOnly(node)) return undefined;
        this.children(node);
        return undefined;
    }
  }

  /**
   * Methods share state through `this`: a first pass records the fields any method taints; when there are
   * some, a second pass analyses the methods again with those fields tainted (`configure(req)` sets
   * `this.target`, `deploy()` runs it). Findings are deduplicated, so the second pass only adds.
   */
  protected classBody(node: Node): void {
    const fields = new Map<string, Taint>();
    this.classFields.push(fields);
    try {
      this.children(node);
      if (fields.size > 0) this.children(node);
    } finally {
      this.classFields.pop();
    }
  }

  protected member(node: Node): Taint | undefined {
    const source = sourceTaint(node, this.f);
    const fields = this.classFields[this.classFields.length - 1];
    if (fields && fields.size > 0 && unwrap(node.object).type === 'ThisExpression') {
      const field = propertyName(node);
      const t = field === undefined ? undefined : fields.get(field);
      if (t) return this.clean(`this.${field}`, t);
    }
    // A source is a plain name chain (`req.query.id`): nothing inside it can be a sink, no need to visit it.
    const objectTaint = source ? undefined : this.expr(node.object);
    if (node.computed) this.expr(node.property);
    const t = source ?? objectTaint;
    if (!t || propertyName(node) === 'length') return undefined;
    const key = dottedPath(node);
    return key ? this.clean(key, t) : t;
  }

  protected assignment(node: Node): Taint | undefined {
    let t = this.expr(node.right);
    const target = unwrap(node.left);
    if (node.operator !== '=' && node.operator !== '??=' && node.operator !== '||=') {
      if (node.operator !== '+=') t = undefined;
      else t = unionTaint(t, target.type === 'Identifier' ? this.lookup(target.name) : undefined);
    }
    if (target.type === 'Identifier') this.assign(target.name, t);
    else if (target.type === 'MemberExpression') this.assignMember(target, node.right, t);
    else this.bind(target, t, false);
    return t;
  }

  protected assignMember(target: Node, value: Node, t: Taint | undefined): void {
    this.expr(target.object);
    const keyTaint = target.computed ? this.expr(target.property) : undefined;
    if (t) this.sinks(assignmentSinks(target, value, this.sinkContext()), target);
    // obj[a][b] = v with both keys from input can reach Object.prototype (`__proto__`, `constructor.prototype`).
    const inner = unwrap(target.object);
    if (target.computed && inner.type === 'MemberExpression' && inner.computed) {
      const outerKey = this.tainted.get(inner.property) ?? this.tainted.get(unwrap(inner.property));
      if (isDangerousFor(outerKey, Kind.PROTO) && isDangerousFor(keyTaint, Kind.PROTO)) {
        this.reportHit({ ruleId: 'PAVED-SAST-PROTO', kind: Kind.PROTO, value: target.property, resource: 'obj[key][key] =' }, keyTaint, target);
      }
    }
    const fields = this.classFields[this.classFields.length - 1];
    if (fields && t && unwrap(target.object).type === 'ThisExpression') {
      const field = propertyName(target);
      if (field !== undefined) fields.set(field, unionTaint(fields.get(field), t)!);
    }
    const root = dottedPath(target)?.split('.')[0] ?? (unwrap(target.object).type === 'Identifier' ? unwrap(target.object).name : undefined);
    if (root && t) {
      for (let fr: Frame | undefined = this.f; fr; fr = fr.parent) {
        if (fr.vars.has(root)) { fr.vars.set(root, unionTaint(fr.vars.get(root), t)); break; }
      }
    }
  }

  protected call(node: Node): Taint | undefined {
    const callee = unwrap(node.callee);
    const method = callee.type === 'MemberExpression' ? propertyName(callee) : undefined;
    const receiver = callee.type === 'MemberExpression' ? this.expr(callee.object) : undefined;
    if (callee.type === 'MemberExpression' && callee.computed) this.expr(callee.property);
    if (callee.type !== 'MemberExpression') this.expr(callee);
    const args: Node[] = node.arguments;
    const isRoute = method !== undefined && routeMethods.has(method) && args.length >= 1;
    const argTaints = args.map((arg) => {
      const a = unwrap(arg);
      if (isFunction(a)) {
        if (isRoute && a.params.length >= 2) return this.analyzeFunction(a, [], { request: true, response: true });
        if (method && iterationMethods.has(method) && receiver) return this.analyzeFunction(a, [receiver]);
        // req.on('data', (chunk) => …): the body of a plain Node.js request arrives in the callback.
        if (method === 'on' && stringValue(args[0]) === 'data' && callee.type === 'MemberExpression' && this.f.requestNames.has(dottedPath(callee.object) ?? '')) {
          return this.analyzeFunction(a, [{ source: `${dottedPath(callee.object)}.on('data')`, line: this.host.line(node.start), safe: 0 }]);
        }
        if (method === 'reduce' && receiver) return this.analyzeFunction(a, [undefined, receiver]);
        return this.analyzeFunction(a);
      }
      return this.expr(arg);
    });
    let argsUnion: Taint | undefined;
    for (const t of argTaints) argsUnion = unionTaint(argsUnion, t);
    // Every sink checks an argument (or a property or element inside one, whose taint the argument carries),
    // so a call with clean arguments cannot be a finding: skip the sink table, the common case by far.
    if (argsUnion) this.sinks(callSinks(node, this.sinkContext()), node);

    const source = sourceTaint(node, this.f);
    if (source) return source;
    if (!argsUnion && !receiver) return undefined;
    const qualified = this.host.names.qualify(callee);
    const kinds = sanitizerKinds(qualified);
    // `escapeHtml(x)` cleans its argument; `x.escape()`-style helpers clean their receiver.
    if (kinds !== undefined) return sanitize(argsUnion ?? receiver, kinds);
    if (callee.type === 'Identifier' && this.functions.has(callee.name) && argsUnion) {
      return this.summary(this.functions.get(callee.name)!, argTaints);
    }
    // String(x) yields a string: it cannot smuggle an object (`{ $ne: null }`) into a query.
    if (qualified === 'String') return sanitize(argsUnion, Kind.NOSQL);
    if (isPropagator(qualified)) return argsUnion;
    if (method) {
      if (nonPropagatingMethods.has(method)) return undefined;
      if ((method === 'replace' || method === 'replaceAll') && receiver) {
        return sanitize(unionTaint(receiver, argTaints[1]), replaceSafety(args[0], args[1]) | Kind.NOSQL);
      }
      let t = receiver;
      if (argumentPropagatingMethods.has(method)) t = unionTaint(t, argsUnion);
      return stringMethods.has(method) ? sanitize(t, Kind.NOSQL) : t;
    }
    return undefined;
  }

  // ---- sinks ----

  protected sinkContext() {
    return { names: this.host.names, responseNames: this.f.responseNames, requestNames: this.f.requestNames };
  }

  protected sinks(hits: SinkHit[], at: Node): void {
    for (const hit of hits) {
      const t = this.tainted.get(hit.value) ?? this.tainted.get(unwrap(hit.value));
      if (isDangerousFor(t, hit.kind)) this.reportHit(hit, t, at);
    }
  }

  protected reportHit(hit: SinkHit, t: Taint, at: Node): void {
    this.host.report({
      ruleId: hit.ruleId,
      start: at.start,
      end: at.end,
      message: `${hit.resource} receives ${t.source} (line ${t.line}) without sanitization`,
      resource: hit.resource,
      properties: { source: t.source, sourceLine: t.line, sink: hit.resource },
    });
  }
}
