// Resolves what a callee refers to, so `exec` imported from `child_process` and `regex.exec` are told apart.
// Local names bound by `import`/`require`/`promisify` become qualified names like `child_process.exec`.
import { dottedPath, stringValue, unwrap, type Node } from './ast.js';

/** Module aliases that behave the same for the rules (`fs/promises` is `fs`). */
const moduleAliases: Record<string, string> = {
  'fs/promises': 'fs', 'fs-extra': 'fs', 'graceful-fs': 'fs', 'mysql2/promise': 'mysql2', 'child-process-promise': 'child_process',
  'node-serialize': 'node-serialize', 'lodash-es': 'lodash', 'lodash.set': 'lodash.set', 'lodash.template': 'lodash.template',
  'isomorphic-dompurify': 'dompurify', 'dompurify': 'dompurify', 'js-yaml': 'js-yaml', 'jsonwebtoken': 'jsonwebtoken',
};

export function normalizeModule(specifier: string): string {
  const name = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return moduleAliases[name] ?? name;
}

/** Drops path steps that do not change meaning (`fs.promises.readFile` → `fs.readFile`, `x.default.y` → `x.y`). */
function tidy(path: string): string {
  // Called for every member step of every callee: test cheaply before building new strings.
  if (path.includes('.promises') && path.startsWith('fs.promises')) path = 'fs' + path.slice(11);
  return path.includes('.default') ? path.replace(/\.default\b/g, '') : path;
}

export class Names {
  private readonly aliases = new Map<string, string>();

  /**
   * Binds the module-level names (imports, top-level `require`s). Declarations inside functions are bound by
   * the taint interpreter as it reaches them (`declare`), which saves a walk over the whole tree.
   */
  constructor(program: Node) {
    for (const stmt of program.body as Node[]) {
      const node = (stmt.type === 'ExportNamedDeclaration' || stmt.type === 'ExportDefaultDeclaration') && stmt.declaration ? stmt.declaration : stmt;
      if (node.type === 'ImportDeclaration') this.bindImport(node);
      else if (node.type === 'VariableDeclaration') for (const d of node.declarations) this.declare(d);
      else if (node.type === 'TSImportEqualsDeclaration' && node.moduleReference?.type === 'TSExternalModuleReference') {
        this.aliases.set(node.id.name, normalizeModule(node.moduleReference.expression.value));
      }
    }
  }

  /** Records `const x = require('m')`, `const { a } = require('m')`, `const run = promisify(exec)`, … */
  declare(declarator: Node): void {
    if (!declarator.init) return;
    // Cheap test first: only `require`, `import()`, `promisify` or an alias of an imported name can bind a module.
    let n = unwrap(declarator.init);
    if (n.type === 'AwaitExpression') n = unwrap(n.argument);
    if (n.type === 'ImportExpression') return this.bindDeclarator(declarator.id, declarator.init);
    while (n.type === 'MemberExpression' || n.type === 'CallExpression') n = unwrap(n.type === 'CallExpression' ? n.callee : n.object);
    if (n.type !== 'Identifier') return;
    if (n.name === 'require' || n.name === 'promisify' || n.name === 'util' || this.aliases.has(n.name)) this.bindDeclarator(declarator.id, declarator.init);
  }

  /** The module a local name was imported from, if any (`cp` → `child_process`). */
  alias(name: string): string | undefined {
    return this.aliases.get(name);
  }

  /** Callees are qualified by the taint rules and by several pattern rules: remember the answer per node. */
  private readonly cache = new Map<Node, string | undefined>();

  /** `child_process.exec`, `fs.readFile`, `res.redirect`, … for a callee or member chain; undefined if dynamic. */
  qualify(node: Node): string | undefined {
    if (this.cache.has(node)) return this.cache.get(node);
    const q = this.qualifyUncached(node);
    this.cache.set(node, q);
    return q;
  }

  private qualifyUncached(node: Node): string | undefined {
    const n = unwrap(node);
    if (n.type === 'Identifier') return this.aliases.get(n.name) ?? n.name;
    if (n.type === 'CallExpression') {
      const module = requiredModule(n);
      if (module) return module;
      return undefined;
    }
    if (n.type === 'MemberExpression') {
      const prop = n.computed ? stringValue(n.property) : n.property.name;
      if (prop === undefined) return undefined;
      const obj = this.qualify(n.object);
      return obj === undefined ? undefined : tidy(`${obj}.${prop}`);
    }
    if (n.type === 'ThisExpression') return 'this';
    return undefined;
  }

  /** True when `name` (a local) was imported from one of `modules`. */
  importedFrom(name: string, modules: readonly string[]): boolean {
    const q = this.aliases.get(name);
    if (!q) return false;
    return modules.some((m) => q === m || q.startsWith(m + '.'));
  }

  private bindImport(node: Node): void {
    const module = normalizeModule(node.source.value);
    for (const s of node.specifiers ?? []) {
      if (s.type === 'ImportSpecifier') {
        const imported = s.imported.type === 'Identifier' ? s.imported.name : s.imported.value;
        this.aliases.set(s.local.name, imported === 'default' ? module : `${module}.${imported}`);
      } else this.aliases.set(s.local.name, module);
    }
  }

  private bindDeclarator(id: Node, initNode: Node): void {
    let init = unwrap(initNode);
    if (init.type === 'AwaitExpression') init = unwrap(init.argument);
    let target: string | undefined;
    const module = requiredModule(init);
    if (module) target = module;
    else if (init.type === 'CallExpression' && isPromisify(init.callee) && init.arguments[0]) target = this.qualify(init.arguments[0]);
    else if (init.type === 'MemberExpression') {
      const q = this.qualify(init);
      // Only aliases rooted in a module count (`const fsp = fs.promises`), not `const q = req.query`.
      if (q && q !== dottedPath(init)) target = q;
    } else if (init.type === 'Identifier' && this.aliases.has(init.name)) target = this.aliases.get(init.name);
    if (!target) return;
    if (id.type === 'Identifier') this.aliases.set(id.name, tidy(target));
    else if (id.type === 'ObjectPattern') {
      for (const p of id.properties) {
        if (p.type !== 'Property') continue;
        const key = p.key.type === 'Identifier' ? p.key.name : stringValue(p.key);
        const value = p.value.type === 'AssignmentPattern' ? p.value.left : p.value;
        if (key && value.type === 'Identifier') this.aliases.set(value.name, tidy(`${target}.${key}`));
      }
    }
  }
}

function isPromisify(callee: Node): boolean {
  const c = unwrap(callee);
  return (c.type === 'Identifier' && c.name === 'promisify') || (c.type === 'MemberExpression' && !c.computed && c.property.name === 'promisify');
}

/** `require('x')`, `require('x').y` and `import('x')` → the normalized module (plus `.y`). */
export function requiredModule(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && n.callee.name === 'require' && n.arguments.length === 1) {
    const spec = stringValue(n.arguments[0]);
    return spec === undefined ? undefined : normalizeModule(spec);
  }
  if (n.type === 'ImportExpression') {
    const spec = stringValue(n.source);
    return spec === undefined ? undefined : normalizeModule(spec);
  }
  if (n.type === 'MemberExpression' && !n.computed) {
    const base = requiredModule(n.object);
    return base ? tidy(`${base}.${n.property.name}`) : undefined;
  }
  return undefined;
}
