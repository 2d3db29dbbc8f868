// The two custom policy checks, in the spirit of IAM Access Analyzer's:
//   checkAccessNotGranted  does the policy allow any of these actions (on these resources)?
//   checkNoNewAccess       does the new policy allow anything the existing one does not?
// Both reason statement by statement over pattern sets and are sound: when the reasoning cannot prove
// the safe answer (union coverage, conditional denies, unknown operators, computed values) the result is
// FAIL with a reason, never a wrong PASS.
import { unprovenCondition } from './conditions.js';
import { intersects, subsumes, type GlobOptions } from './glob.js';
import type { CheckReason, CheckResult, Condition, PatternSet, Statement } from './model.js';

const actionOpts: GlobOptions = { ignoreCase: true };
const arnOpts: GlobOptions = {};

/** Could the two sets share a member? Over-approximates (true when unsure). */
export function setsIntersect(a: PatternSet, b: PatternSet, o: GlobOptions): boolean {
  if (a.mode === 'include' && b.mode === 'include') return a.patterns.some((p) => b.patterns.some((q) => intersects(p, q, o)));
  if (a.mode === 'exclude' && b.mode === 'exclude') return true;
  const inc = a.mode === 'include' ? a : b;
  const exc = a.mode === 'include' ? b : a;
  // Some included pattern not entirely inside the excluded patterns leaves a common member.
  return inc.patterns.some((p) => !exc.patterns.some((q) => subsumes(q, p, o)));
}

/** Is every member of `inner` in `outer`? Under-approximates (false when unsure). */
export function setCovers(outer: PatternSet, inner: PatternSet, o: GlobOptions): boolean {
  if (outer.mode === 'include' && inner.mode === 'include') return inner.patterns.every((p) => outer.patterns.some((q) => subsumes(q, p, o)));
  if (outer.mode === 'exclude' && inner.mode === 'include') return inner.patterns.every((p) => !outer.patterns.some((q) => intersects(q, p, o)));
  if (outer.mode === 'include' && inner.mode === 'exclude') return outer.patterns.includes('*');
  // all-but-X covers all-but-Y when X ⊆ Y.
  return outer.patterns.every((p) => inner.patterns.some((q) => subsumes(q, p, o)));
}

const describeSet = (s: PatternSet) => (s.mode === 'include' ? s.patterns.join(', ') : `everything except ${s.patterns.join(', ')}`);
const describeCondition = (c: Condition) => `${c.operator} ${c.key} ${JSON.stringify(c.values.filter((v) => !v.startsWith('\u0000')))}`;
const label = (s: Statement) => `statement ${s.index}${s.sid ? ` (${s.sid})` : ''} of ${s.source}`;
const reason = (s: Statement, description: string): CheckReason => ({ description, statementIndex: s.index, policy: s.source });

export function checkAccessNotGranted(statements: Statement[], actions: string[], resources?: string[]): CheckResult {
  const wantedActions: PatternSet = { mode: 'include', patterns: actions };
  const wantedResources: PatternSet = { mode: 'include', patterns: resources?.length ? resources : ['*'] };
  const denies = statements.filter((s) => s.effect === 'Deny' && s.conditions.length === 0 && !s.principals);
  const reasons: CheckReason[] = [];
  for (const s of statements) {
    if (s.effect !== 'Allow') continue;
    if (!setsIntersect(s.actions, wantedActions, actionOpts) || !setsIntersect(s.resources, wantedResources, arnOpts)) continue;
    // Each requested action this statement may allow, unless an unconditional Deny removes it entirely.
    const granted = actions.filter((a) => setsIntersect(s.actions, { mode: 'include', patterns: [a] }, actionOpts));
    const open = granted.filter(
      (a) => !denies.some((d) => setCovers(d.actions, { mode: 'include', patterns: [a] }, actionOpts) && (setCovers(d.resources, wantedResources, arnOpts) || setCovers(d.resources, s.resources, arnOpts))),
    );
    if (!open.length) continue;
    const cond = s.conditions.length ? ` when its conditions hold (${s.conditions.map(describeCondition).join('; ')})` : '';
    reasons.push(reason(s, `${label(s)} allows ${open.join(', ')} through Action ${describeSet(s.actions)} on Resource ${describeSet(s.resources)}${cond}`));
  }
  return reasons.length
    ? { result: 'FAIL', message: `The policy grants access to at least one of the listed actions: ${actions.join(', ')}.`, reasons }
    : { result: 'PASS', message: `The policy does not grant access to any of the listed actions: ${actions.join(', ')}.`, reasons };
}

function principalsCovered(n: Statement, e: Statement): boolean {
  if (!e.principals) return !n.principals;
  if (!n.principals) return e.principals.mode === 'include' && e.principals.patterns.includes('*');
  return setCovers(e.principals, n.principals, arnOpts);
}

export function checkNoNewAccess(added: Statement[], existing: Statement[]): CheckResult {
  const allows = existing.filter((s) => s.effect === 'Allow');
  const denies = existing.filter((s) => s.effect === 'Deny');
  const reasons: CheckReason[] = [];
  for (const n of added) {
    if (n.effect !== 'Allow') continue; // the new policy's own Denies only remove access
    // Access the existing policy denies (conditionally or not) that this statement may now allow.
    const denied = denies.find((d) => setsIntersect(d.actions, n.actions, actionOpts) && setsIntersect(d.resources, n.resources, arnOpts));
    if (denied) {
      reasons.push(
        reason(n, `${label(n)} allows ${describeSet(n.actions)} on ${describeSet(n.resources)}, which overlaps what ${label(denied)} denies (${describeSet(denied.actions)} on ${describeSet(denied.resources)})`),
      );
      continue;
    }
    let best: string | undefined;
    // Each action pattern × resource pattern of the new statement may be covered by a different
    // existing statement (access split across several Allows is still covered).
    const pieces = (set: PatternSet): PatternSet[] => (set.mode === 'include' && set.patterns.length > 1 ? set.patterns.map((p) => ({ mode: 'include' as const, patterns: [p] })) : [set]);
    const coveredPiece = (actions: PatternSet, resources: PatternSet) =>
      allows.some((e) => {
        if (!setCovers(e.actions, actions, actionOpts)) return false;
        if (!setCovers(e.resources, resources, arnOpts)) return false;
        if (!principalsCovered(n, e)) return false;
        const missing = unprovenCondition(n.conditions, e.conditions);
        if (missing) {
          best ??= `${label(n)} allows ${describeSet(actions)} on ${describeSet(resources)} without the condition ${describeCondition(missing)} that ${label(e)} requires (a removed or widened condition is new access)`;
          return false;
        }
        return true;
      });
    let uncovered: string | undefined;
    for (const a of pieces(n.actions)) {
      for (const r of pieces(n.resources)) {
        if (!coveredPiece(a, r)) {
          uncovered ??= `${label(n)} allows ${describeSet(a)} on ${describeSet(r)}, which no statement of the existing policy allows`;
        }
      }
    }
    const covered = uncovered === undefined;
    if (!covered) {
      reasons.push(reason(n, best ?? uncovered!));
    }
  }
  return reasons.length
    ? { result: 'FAIL', message: 'The new policy grants access that the existing policy does not.', reasons }
    : { result: 'PASS', message: 'The new policy grants no access beyond the existing policy.', reasons };
}
