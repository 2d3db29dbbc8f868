// Small helpers over the ESTree AST that oxc-parser returns. Nodes are typed loosely on purpose: the
// analysis reads a handful of fields from many node kinds, and a union over every ESTree+TS node type
// would cost more casts than it saves.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export interface Node { type: string; start: number; end: number; [field: string]: any }

/**
 * Calls `fn` on each direct child node, in source order (oxc serialises fields in visiting order).
 * A for-in over the node beats looking fields up by the visitor-key table: the AST comes from JSON.parse,
 * so field access by a computed key is megamorphic either way, and for-in avoids a second lookup.
 */
export function forEachChild(node: Node, fn: (child: Node) => void): void {
  // Identifiers and literals are about half of all nodes and never have children worth visiting.
  const type = node.type;
  if (type === 'Identifier' || type === 'Literal' || type === 'TemplateElement' || type === 'ThisExpression') return;
  for (const key in node) {
    const value = node[key];
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (item !== null && typeof item === 'object' && typeof item.type === 'string') fn(item as Node);
      }
    } else if (typeof value.type === 'string') fn(value as Node);
  }
}

/** Depth-first pre-order walk of every node. */
export function walk(node: Node, enter: (node: Node, parent: Node | undefined) => void, parent?: Node): void {
  enter(node, parent);
  forEachChild(node, (child) => walk(child, enter, node));
}

export function isFunction(node: Node | undefined | null): boolean {
  return !!node && (node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression');
}

/** Strips wrappers that do not change a value: parentheses, `x as T`, `x!`, `<T>x`, `x satisfies T`. */
export function unwrap(node: Node): Node {
  let n = node;
  while (
    n.type === 'ParenthesizedExpression' || n.type === 'TSAsExpression' || n.type === 'TSNonNullExpression' ||
    n.type === 'TSTypeAssertion' || n.type === 'TSSatisfiesExpression' || n.type === 'ChainExpression'
  ) n = n.expression;
  return n;
}

/** The value of a string literal or a template without expressions; undefined otherwise. */
export function stringValue(node: Node | undefined | null): string | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'string') return n.value;
  if (n.type === 'TemplateLiteral' && n.expressions.length === 0) return n.quasis[0]?.value?.cooked ?? undefined;
  return undefined;
}

/** The leading constant text of a string-building expression (`'/users/' + id` → `/users/`). */
export function constantPrefix(node: Node): string {
  const n = unwrap(node);
  const literal = stringValue(n);
  if (literal !== undefined) return literal;
  if (n.type === 'TemplateLiteral') return n.quasis[0]?.value?.cooked ?? '';
  if (n.type === 'BinaryExpression' && n.operator === '+') {
    const left = constantPrefix(n.left);
    const leftIsConstant = stringValue(n.left) !== undefined;
    return leftIsConstant ? left + constantPrefix(n.right) : left;
  }
  return '';
}

/** The property name of `a.b` or `a['b']`; undefined for computed non-literal keys. */
export function propertyName(member: Node): string | undefined {
  if (member.type !== 'MemberExpression') return undefined;
  if (!member.computed && member.property.type === 'Identifier') return member.property.name;
  if (!member.computed && member.property.type === 'PrivateIdentifier') return '#' + member.property.name;
  return stringValue(member.property);
}

/** `a.b.c` as a dotted path when every step is a plain name; undefined otherwise. */
export function dottedPath(node: Node): string | undefined {
  const n = unwrap(node);
  if (n.type === 'Identifier') return n.name;
  if (n.type === 'ThisExpression') return 'this';
  if (n.type === 'MemberExpression') {
    const prop = propertyName(n);
    if (prop === undefined) return undefined;
    const obj = dottedPath(n.object);
    return obj === undefined ? undefined : `${obj}.${prop}`;
  }
  return undefined;
}

/** The leftmost identifier of a member chain (`req` for `req.query.id`). */
export function rootIdentifier(node: Node): string | undefined {
  let n = unwrap(node);
  while (n.type === 'MemberExpression' || n.type === 'CallExpression') n = unwrap(n.type === 'CallExpression' ? n.callee : n.object);
  return n.type === 'Identifier' ? n.name : undefined;
}

/** Finds a property of an object literal by its static key. */
export function objectProperty(obj: Node | undefined, name: string): Node | undefined {
  if (!obj) return undefined;
  const o = unwrap(obj);
  if (o.type !== 'ObjectExpression') return undefined;
  for (const p of o.properties) {
    if (p.type !== 'Property') continue;
    const key = !p.computed && p.key.type === 'Identifier' ? p.key.name : stringValue(p.key);
    if (key === name) return p;
  }
  return undefined;
}

/** True for the literal `true`/`false` (or `!0`/`!1`). */
export function booleanValue(node: Node | undefined): boolean | undefined {
  if (!node) return undefined;
  const n = unwrap(node);
  if (n.type === 'Literal' && typeof n.value === 'boolean') return n.value;
  if (n.type === 'UnaryExpression' && n.operator === '!' && n.argument.type === 'Literal' && typeof n.argument.value === 'number') return !n.argument.value;
  return undefined;
}

/** Names bound by a pattern (`{a, b: [c]}` → a, c). */
export function patternNames(pattern: Node | null | undefined, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'Identifier': out.push(pattern.name); break;
    case 'ObjectPattern': for (const p of pattern.properties) patternNames(p.type === 'RestElement' ? p.argument : p.value, out); break;
    case 'ArrayPattern': for (const e of pattern.elements) patternNames(e, out); break;
    case 'RestElement': patternNames(pattern.argument, out); break;
    case 'AssignmentPattern': patternNames(pattern.left, out); break;
    case 'TSParameterProperty': patternNames(pattern.parameter, out); break;
  }
  return out;
}

/** Maps byte offsets to 1-based lines and columns. */
export class LineIndex {
  private readonly starts: number[] = [0];
  constructor(text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }
  line(offset: number): number {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= offset) lo = mid; else hi = mid - 1;
    }
    return lo + 1;
  }
  column(offset: number): number {
    return offset - this.starts[this.line(offset) - 1] + 1;
  }
}
