// Resource policies per secret, in Cedar. A secret's policy text is stored with the secret, validated
// against the Paved schema by the kernel's authorizer when it is saved, and evaluated here with a
// separate Cedar call (the kernel's policy set stays the administrators'; see docs/secrets.md):
//   a request on a secret that has a policy must be allowed by the identity policies (the kernel's check
//   at the route) AND permitted, and not forbidden, by the secret's policy.
// Reading or changing the policy itself is governed by identity policies only, so an owner can always
// repair a policy that locked everyone out.
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import type { Authorizer } from '../kernel/authz/authorizer.js';
import { InputError } from '../kernel/errors.js';
import { principalEntityType, type Principal } from '../kernel/http/context.js';

const NS = 'Paved';
const CACHE_SIZE = 20_000;

export class SecretPolicies {
  /** Decisions are a pure function of (policy version, principal, groups, action): cache them. */
  private readonly decisions = new Map<string, boolean>();

  constructor(private readonly authz: Authorizer) {}

  /** Splits the text into policies, validates them (ids `secret:<name>:<n>`), returns the parts. */
  validate(name: string, text: string): Record<string, string> {
    const parts = cedar.policySetTextToParts(text);
    if (parts.type === 'failure') throw new InputError('the resource policy does not parse', parts.errors.map((e) => ({ path: 'policy', message: e.message })));
    if (parts.policy_templates.length) throw new InputError('resource policies cannot contain templates', [{ path: 'policy', message: 'template found' }]);
    if (!parts.policies.length) throw new InputError('the resource policy contains no policy', [{ path: 'policy', message: 'empty' }]);
    const record = Object.fromEntries(parts.policies.map((p, i) => [`secret:${name}:${i}`, p]));
    this.authz.validate(record);
    return record;
  }

  isPermitted(secret: { name: string; policy: string; policyVersion: number; owner: string | null }, principal: Principal, action: string): boolean {
    const key = JSON.stringify([secret.name, secret.policyVersion, principal.type, principal.id, principal.groups, action]);
    const cached = this.decisions.get(key);
    if (cached !== undefined) return cached;
    const parts = cedar.policySetTextToParts(secret.policy);
    if (parts.type === 'failure') return false; // validated on save; a broken stored policy denies
    const principalUid = { type: `${NS}::${principalEntityType(principal)}`, id: principal.id };
    const resourceUid = { type: `${NS}::Secret`, id: secret.name };
    const answer = cedar.isAuthorized({
      principal: principalUid,
      action: { type: `${NS}::Action`, id: action },
      resource: resourceUid,
      context: {},
      policies: { staticPolicies: Object.fromEntries(parts.policies.map((p, i) => [`secret:${secret.name}:${i}`, p])) },
      entities: [
        { uid: principalUid, attrs: { name: principal.name }, parents: principal.groups.map((g) => ({ type: `${NS}::Group`, id: g })) },
        { uid: resourceUid, attrs: secret.owner ? { owner: { __entity: { type: `${NS}::Group`, id: secret.owner } } } : {}, parents: [] },
      ],
    });
    const allowed = answer.type === 'success' && answer.response.decision === 'allow';
    if (this.decisions.size >= CACHE_SIZE) this.decisions.clear();
    this.decisions.set(key, allowed);
    return allowed;
  }
}
