// Runs the pattern rules (crypto, TLS, cookies, CORS, CSRF, helmet, …) in one walk over a file's AST.
import { forEachChild as forEachChildFast, stringValue, unwrap, type Node } from './ast.js';
import { cryptoPatterns } from './patterns-crypto.js';
import { webPatterns } from './patterns-web.js';
import type { Names } from './names.js';
import type { RawFinding } from './model.js';

export interface PatternContext {
  names: Names;
  text: string;
  /** `const X = <init>` anywhere in the file, for rules that follow one constant (a static IV). */
  constants: Map<string, Node>;
  /** The file sets `Access-Control-Allow-Credentials: true` somewhere. */
  allowsCredentialsHeader: boolean;
  report(ruleId: string, node: Node, message: string, resource?: string): void;
}

const helmetModules = ['helmet', '@fastify/helmet', 'fastify-helmet', 'koa-helmet'];

export function runPatterns(program: Node, text: string, names: Names, out: RawFinding[], testFile = false): void {
  const constants = new Map<string, Node>();
  const ctx: PatternContext = {
    names, text, constants,
    allowsCredentialsHeader: /access-control-allow-credentials['"`]\s*,\s*['"`]?true/i.test(text),
    report(ruleId, node, message, resource) { out.push({ ruleId, start: node.start, end: node.end, message, resource }); },
  };
  let appCreation: Node | undefined;
  let usesHelmet = false;
  const ancestors: Node[] = [];
  const visit = (node: Node): void => {
    const type = node.type;
    if (type === 'Identifier' || type === 'Literal') return;
    if (type === 'VariableDeclarator' && node.id.type === 'Identifier' && node.init) constants.set(node.id.name, node.init);
    else if (type === 'CallExpression' || type === 'NewExpression') {
      const callee = unwrap(node.callee);
      // Only a call of an imported name can create the app or load helmet.
      if (type === 'CallExpression' && callee.type === 'Identifier' && names.alias(callee.name)) {
        const q = names.qualify(callee);
        if (!appCreation && (q === 'express' || q === 'fastify' || q === 'fastify.fastify' || q === 'fastify.default')) appCreation = node;
        if (q && helmetModules.some((m) => q === m || q.startsWith(m + '.'))) usesHelmet = true;
      } else if (callee.type === 'Identifier' && callee.name === 'require' && helmetModules.includes(stringValue(node.arguments[0]) ?? '')) usesHelmet = true;
      cryptoPatterns(node, ancestors, ctx);
      webPatterns(node, ancestors, ctx);
    } else if (type === 'Property' || type === 'AssignmentExpression') webPatterns(node, ancestors, ctx);
    else if (type === 'ImportDeclaration' && helmetModules.includes(stringValue(node.source) ?? '')) usesHelmet = true;
    ancestors.push(node);
    forEachChildFast(node, visit);
    ancestors.pop();
  };
  visit(program);
  if (appCreation && !usesHelmet && !testFile && /\.listen\s*\(|export\s+default|module\.exports/.test(text)) {
    ctx.report('PAVED-SAST-HELMET-MISSING', appCreation, 'this app is created without helmet, so it sends none of the usual security headers', 'helmet');
  }
}
