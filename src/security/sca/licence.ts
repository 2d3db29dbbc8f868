// Licence policy: is a package's SPDX expression acceptable when some licences are denied?
// `A OR B` is fine when either side is; `A AND B` only when both are; `A WITH exception` is judged by A
// (or by the exact `A WITH exception` when that is what was denied). Parsing is spdx-expression-parse's.
import parseSpdx, { type SpdxNode } from 'spdx-expression-parse';

/** Old ids that mean the same as the new `-only`/`-or-later` ones, so either spelling can be denied. */
function canonical(id: string, plus = false): string {
  const m = /^(A?GPL|LGPL)-(\d\.\d)(\+|-only|-or-later)?$/i.exec(id);
  if (m) return `${m[1]!.toUpperCase()}-${m[2]}-${plus || m[3] === '+' || m[3]?.toLowerCase() === '-or-later' ? 'or-later' : 'only'}`;
  return (id + (plus ? '+' : '')).toLowerCase();
}

export function isValidSpdx(expression: string): boolean {
  try {
    parseSpdx(expression);
    return true;
  } catch {
    return false;
  }
}

export interface LicencePolicy {
  deny: Set<string>;
}

export function licencePolicy(denied: string[]): LicencePolicy {
  return { deny: new Set(denied.map((d) => d.trim()).filter(Boolean).flatMap((d) => [canonical(d), d.toLowerCase()])) };
}

function allowed(node: SpdxNode, policy: LicencePolicy): boolean {
  if ('license' in node) {
    if (node.exception && policy.deny.has(`${node.license} WITH ${node.exception}`.toLowerCase())) return false;
    return !policy.deny.has(canonical(node.license, node.plus)) && !policy.deny.has(node.license.toLowerCase());
  }
  return node.conjunction === 'or' ? allowed(node.left, policy) || allowed(node.right, policy) : allowed(node.left, policy) && allowed(node.right, policy);
}

export type LicenceVerdict = { verdict: 'allowed' | 'denied' } | { verdict: 'invalid'; reason: string };

/** Judges one expression. An expression that does not parse is reported as such, never silently allowed. */
export function judgeLicence(expression: string, policy: LicencePolicy): LicenceVerdict {
  let node: SpdxNode;
  try {
    node = parseSpdx(expression.trim());
  } catch (error) {
    return { verdict: 'invalid', reason: (error as Error).message };
  }
  return { verdict: allowed(node, policy) ? 'allowed' : 'denied' };
}
