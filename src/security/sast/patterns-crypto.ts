// Pattern rules about cryptography and randomness: no data flow needed, the call itself is the problem.
import { constantPrefix, dottedPath, propertyName, stringValue, unwrap, type Node } from './ast.js';
import type { PatternContext } from './patterns.js';

const sensitiveData = /pass(word|wd|phrase)?|pwd|secret|token|credential|api_?key|pin\b/i;
const passwordData = /pass(word|wd|phrase)?|pwd/i;
const weakHash = /^(md5|md4|sha1|sha-1|ripemd160|rmd160)$/i;
const fastHash = /^(sha224|sha256|sha384|sha512|sha-256|sha-512|sha3-256|sha3-512|blake2b512|blake2s256)$/i;
const weakCipher = /^(des|des-ede|des-ede3|des3|rc2|rc4|bf|blowfish|cast|cast5|idea|seed)(-|$)/i;
const randomContext = /(token|secret|passw(or)?d|pwd|nonce|salt|otp|session|csrf|xsrf|api_?key|private_?key|uuid|guid|verif|reset|invite|magic|^id$|[a-z]Id$|_id$|ID$|^key$|Key$)/;

function createHashAlgorithm(node: Node, ctx: PatternContext): string | undefined {
  const n = unwrap(node);
  if (n.type !== 'CallExpression') return undefined;
  const q = ctx.names.qualify(n.callee) ?? '';
  if (!/(^|\.)createHash$/.test(q)) return undefined;
  return stringValue(n.arguments[0]);
}

/** The name a value is stored under: variable, property, assignment target or enclosing function. */
export function contextName(ancestors: Node[]): string | undefined {
  for (let i = ancestors.length - 1; i >= 0; i--) {
    const a = ancestors[i];
    if (a.type === 'VariableDeclarator' && a.id.type === 'Identifier') return a.id.name;
    if (a.type === 'AssignmentExpression') return dottedPath(a.left)?.split('.').pop();
    if (a.type === 'Property' && !a.computed) return a.key.name ?? stringValue(a.key);
    if (a.type === 'PropertyDefinition' && !a.computed) return a.key.name;
    if ((a.type === 'FunctionDeclaration' || a.type === 'FunctionExpression') && a.id) return a.id.name;
    if (a.type === 'MethodDefinition') return a.key.name;
    if (a.type === 'ArrowFunctionExpression') {
      const parent = ancestors[i - 1];
      if (parent?.type === 'VariableDeclarator' && parent.id.type === 'Identifier') return parent.id.name;
      return undefined;
    }
    if (/Statement$/.test(a.type) && a.type !== 'ReturnStatement') return undefined;
  }
  return undefined;
}

/** Callee names these rules look at; any other call is dismissed before resolving its qualified name. */
const interesting = new Set(['update', 'createCipher', 'createDecipher', 'createCipheriv', 'createDecipheriv', 'random', 'md5', 'sha1', 'MD5', 'SHA1']);

export function cryptoPatterns(node: Node, ancestors: Node[], ctx: PatternContext): void {
  if (node.type !== 'CallExpression' && node.type !== 'NewExpression') return;
  const callee = unwrap(node.callee);
  const method = callee.type === 'MemberExpression' ? propertyName(callee) : callee.type === 'Identifier' ? callee.name : undefined;
  // An imported function may be renamed (`import hash from 'md5'`): those still need resolving.
  if (!method || (!interesting.has(method) && !(callee.type === 'Identifier' && ctx.names.alias(method)))) return;
  const q = ctx.names.qualify(callee) ?? '';
  const args: Node[] = node.arguments;

  // createHash('md5').update(password)
  if (method === 'update' && callee.type === 'MemberExpression' && args[0]) {
    const algorithm = createHashAlgorithm(callee.object, ctx);
    const data = ctx.text.slice(args[0].start, args[0].end);
    if (algorithm && weakHash.test(algorithm) && sensitiveData.test(data)) {
      ctx.report('PAVED-SAST-WEAK-HASH', node, `${algorithm} hashes ${data}: ${algorithm} is broken for secrets`, `crypto.createHash('${algorithm}')`);
    } else if (algorithm && fastHash.test(algorithm) && passwordData.test(data)) {
      ctx.report('PAVED-SAST-PASSWORD-HASH', node, `${algorithm} hashes ${data}: a fast hash lets stolen password hashes be brute-forced`, `crypto.createHash('${algorithm}')`);
    }
    return;
  }
  // md5(password), sha1(password), CryptoJS.MD5(password)
  if ((/^(md5|sha1)(\.|$)/.test(q) || /^CryptoJS\.(MD5|SHA1)$/.test(q)) && args[0] && sensitiveData.test(ctx.text.slice(args[0].start, args[0].end))) {
    ctx.report('PAVED-SAST-WEAK-HASH', node, `${q} hashes ${ctx.text.slice(args[0].start, args[0].end)}`, q);
    return;
  }
  if (/(^|\.)(createCipher|createDecipher)$/.test(q) && (q.startsWith('crypto') || method === q)) {
    ctx.report('PAVED-SAST-CREATECIPHER', node, `${method} derives the key with MD5 and no salt and uses no IV`, q);
    return;
  }
  if (/(^|\.)(createCipheriv|createDecipheriv)$/.test(q)) {
    const algorithm = stringValue(args[0]);
    if (algorithm && /-ecb$|^ecb$/i.test(algorithm)) ctx.report('PAVED-SAST-ECB', node, `${algorithm} uses ECB mode, which leaks patterns of the plaintext`, q);
    else if (algorithm && weakCipher.test(algorithm)) ctx.report('PAVED-SAST-WEAK-CIPHER', node, `${algorithm} is a broken or 64-bit-block cipher`, q);
    if (method === 'createCipheriv' && args[2] && isStaticIv(args[2], ctx)) {
      ctx.report('PAVED-SAST-STATIC-IV', node, `the IV passed to ${method} is a constant; every message must get a fresh random IV`, q);
    }
    return;
  }
  if (q === 'Math.random' && randomContext.test(contextName(ancestors) ?? '')) {
    ctx.report('PAVED-SAST-RANDOM', node, `Math.random() produces ${contextName(ancestors)}: it is predictable, use crypto.randomBytes/randomUUID`, 'Math.random');
  }
}

function isStaticIv(node: Node, ctx: PatternContext, depth = 0): boolean {
  const n = unwrap(node);
  if (stringValue(n) !== undefined) return true;
  if (n.type === 'CallExpression' || n.type === 'NewExpression') {
    const q = ctx.names.qualify(n.callee) ?? '';
    if (q === 'Buffer.alloc' || q === 'Uint8Array') return true; // all zeros
    if (q === 'Buffer.from' && n.arguments[0]) {
      const a = unwrap(n.arguments[0]);
      return stringValue(a) !== undefined || a.type === 'ArrayExpression' || (constantPrefix(a) !== '' && a.type !== 'CallExpression');
    }
    return false;
  }
  if (n.type === 'Identifier' && depth === 0) {
    const init = ctx.constants.get(n.name);
    return !!init && isStaticIv(init, ctx, 1);
  }
  return false;
}
