// The statement layer of the taint interpreter: variables, guards, blocks and control flow. The expression
// layer (taint.ts) extends it; the split keeps each file to one concern.
import { sanitize, unionTaint, type Taint } from './model.js';
import { forEachChild, isFunction, unwrap, type Node } from './ast.js';
import { alwaysExits, guardFacts } from './guards.js';
import { Frame } from './frame.js';
import type { TaintHost } from './taint.js';

export abstract class FlowInterpreter {
  protected readonly tainted = new Map<Node, Taint>();
  /** Per open class: `this.<field>` → taint written by any of its methods (read back by the others). */
  protected readonly classFields: Array<Map<string, Taint>> = [];
  protected readonly functions = new Map<string, Node>();
  protected readonly summaries = new Map<string, Taint | undefined>();
  protected readonly inProgress = new Set<Node>();
  protected summaryDepth = 0;
  protected top!: Frame;
  protected f!: Frame;

  constructor(protected readonly host: TaintHost) {}

  run(program: Node): void {
    for (const stmt of program.body as Node[]) this.collectFunction(stmt.type.startsWith('Export') && stmt.declaration ? stmt.declaration : stmt);
    this.top = this.f = new Frame(undefined, new Set(), new Set(), new Set(), this.host.line);
    this.statements(program.body);
  }

  protected collectFunction(stmt: Node): void {
    if (stmt.type === 'FunctionDeclaration' && stmt.id) this.functions.set(stmt.id.name, stmt);
    if (stmt.type === 'VariableDeclaration') {
      for (const d of stmt.declarations) if (d.id.type === 'Identifier' && d.init && isFunction(unwrap(d.init))) this.functions.set(d.id.name, unwrap(d.init));
    }
  }

  // ---- variables and guards ----

  protected lookup(name: string): Taint | undefined {
    for (let fr: Frame | undefined = this.f; fr; fr = fr.parent) if (fr.vars.has(name)) return this.clean(name, fr.vars.get(name));
    return undefined;
  }

  protected clean(key: string, t: Taint | undefined): Taint | undefined {
    if (!t) return t;
    let kinds = 0;
    for (let fr: Frame | undefined = this.f; fr; fr = fr.parent) for (const m of fr.cleaned) kinds |= m.get(key) ?? 0;
    return kinds ? sanitize(t, kinds) : t;
  }

  protected assign(name: string, t: Taint | undefined, declaration = false): void {
    let owner: Frame = this.f;
    if (!declaration) for (let fr: Frame | undefined = this.f; fr; fr = fr.parent) if (fr.vars.has(name)) { owner = fr; break; }
    const strong = declaration || (owner === this.f && this.f.depth === 0);
    owner.vars.set(name, strong ? t : unionTaint(owner.vars.get(name), t));
    for (const m of this.f.cleaned) for (const key of [...m.keys()]) if (key === name || key.startsWith(name + '.')) m.delete(key);
  }

  protected bind(pattern: Node | null | undefined, t: Taint | undefined, declaration: boolean): void {
    if (!pattern) return;
    if (pattern.type === 'AssignmentPattern') {
      const fallback = this.expr(pattern.right);
      this.bind(pattern.left, unionTaint(t, fallback), declaration);
      return;
    }
    if (pattern.type === 'ObjectPattern') {
      for (const p of pattern.properties) {
        if (p.type === 'RestElement') { this.bind(p.argument, t, declaration); continue; }
        if (p.computed) this.expr(p.key);
        // `const { cmd } = req.query` reports its source as req.query.cmd.
        const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : undefined;
        this.bind(p.value, t && key ? { ...t, source: `${t.source}.${key}` } : t, declaration);
      }
      return;
    }
    if (pattern.type === 'ArrayPattern') {
      for (const e of pattern.elements) this.bind(e, t, declaration);
      return;
    }
    if (pattern.type === 'Identifier') this.assign(pattern.name, t, declaration);
    else if (pattern.type === 'MemberExpression') this.assignMember(pattern, pattern, t);
    else if (pattern.type === 'TSParameterProperty') this.bind(pattern.parameter, t, declaration);
    else if (pattern.type === 'RestElement') this.bind(pattern.argument, t, declaration);
  }

  protected withBlock(extra: Map<string, number> | undefined, body: () => void): void {
    this.f.cleaned.push(extra ?? new Map());
    try { body(); } finally { this.f.cleaned.pop(); }
  }

  // ---- statements ----

  protected statements(list: Node[]): void {
    for (const s of list) this.stmt(s);
  }

  protected stmt(node: Node | null | undefined): void {
    if (!node) return;
    switch (node.type) {
      case 'ExpressionStatement': this.expr(node.expression); return;
      case 'VariableDeclaration':
        for (const d of node.declarations) {
          if (this.f !== this.top) this.host.names.declare(d);
          this.bind(d.id, d.init ? this.expr(d.init) : undefined, true);
        }
        return;
      case 'BlockStatement': case 'StaticBlock': this.withBlock(undefined, () => this.statements(node.body)); return;
      case 'ReturnStatement': if (node.argument) this.f.returned = unionTaint(this.f.returned, this.expr(node.argument)); return;
      case 'IfStatement': this.ifStatement(node); return;
      case 'FunctionDeclaration': this.analyzeFunction(node); return;
      case 'ClassDeclaration': this.classBody(node); return;
      case 'ForOfStatement': case 'ForInStatement': {
        const iterated = this.expr(node.right);
        this.branch(() => this.withBlock(undefined, () => {
          if (node.left.type === 'VariableDeclaration') for (const d of node.left.declarations) this.bind(d.id, iterated, true);
          else this.bind(node.left, iterated, false);
          this.stmt(node.body);
        }));
        return;
      }
      case 'ForStatement': case 'WhileStatement': case 'DoWhileStatement':
        this.withBlock(undefined, () => {
          if (node.init) node.init.type === 'VariableDeclaration' ? this.stmt(node.init) : this.expr(node.init);
          if (node.test) this.expr(node.test);
          this.branch(() => { this.stmt(node.body); if (node.update) this.expr(node.update); });
        });
        return;
      case 'SwitchStatement':
        this.expr(node.discriminant);
        for (const c of node.cases) this.branch(() => { if (c.test) this.expr(c.test); this.withBlock(undefined, () => this.statements(c.consequent)); });
        return;
      case 'TryStatement':
        this.stmt(node.block);
        if (node.handler) this.branch(() => this.withBlock(undefined, () => { this.bind(node.handler.param, undefined, true); this.stmt(node.handler.body); }));
        this.stmt(node.finalizer);
        return;
      case 'LabeledStatement': this.stmt(node.body); return;
      case 'ExportNamedDeclaration': case 'ExportDefaultDeclaration':
        if (node.declaration) isFunction(node.declaration) || node.declaration.type.endsWith('Declaration') ? this.stmt(node.declaration) : this.expr(node.declaration);
        return;
      case 'ImportDeclaration': case 'EmptyStatement': case 'DebuggerStatement': case 'BreakStatement': case 'ContinueStatement': return;
      default:
        if (this.isTypeOnly(node)) return;
        this.children(node);
    }
  }

  protected isTypeOnly(node: Node): boolean {
    return node.type.startsWith('TS') && (node.type.includes('Type') || node.type.includes('Interface') || node.type === 'TSDeclareFunction');
  }

  protected branch(body: () => void): void {
    this.f.depth++;
    try { body(); } finally { this.f.depth--; }
  }

  protected ifStatement(node: Node): void {
    this.expr(node.test);
    const facts = guardFacts(node.test);
    this.branch(() => this.withBlock(facts.whenTrue, () => this.stmt(node.consequent)));
    if (node.alternate) this.branch(() => this.withBlock(facts.whenFalse, () => this.stmt(node.alternate)));
    // An early exit leaves only the other outcome for the rest of the block.
    const current = this.f.cleaned[this.f.cleaned.length - 1];
    const after = alwaysExits(node.consequent) ? facts.whenFalse : node.alternate && alwaysExits(node.alternate) ? facts.whenTrue : undefined;
    if (after) for (const [k, v] of after) current.set(k, (current.get(k) ?? 0) | v);
  }

  protected children(node: Node): void {
    forEachChild(node, (child) => {
      if (/Statement$|Declaration$/.test(child.type)) this.stmt(child);
      else this.expr(child);
    });
  }


  protected abstract expr(node: Node | null | undefined): Taint | undefined;
  protected abstract analyzeFunction(fn: Node, args?: Array<Taint | undefined>, roles?: { request?: boolean; response?: boolean }, parent?: Frame): Taint | undefined;
  protected abstract classBody(node: Node): void;
  protected abstract assignMember(target: Node, value: Node, t: Taint | undefined): void;
}
