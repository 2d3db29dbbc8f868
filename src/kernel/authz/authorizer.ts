// Cedar authorization. Policies (built-in + stored) are pre-parsed once per change into the WASM
// engine's cache, so a decision costs one call without re-parsing. Default deny: no permit, no access.
import * as cedar from '@cedar-policy/cedar-wasm/nodejs';
import { InputError } from '../errors.js';
import { builtinPolicies } from './builtin-policies.js';
import { composeSchema, kernelSchemaFragment } from './schema.js';

export type CedarValue = cedar.CedarValueJson;

export interface EntityRef {
  /** Entity type without the namespace: `User`, `Group`, `CatalogEntity`, … */
  type: string;
  id: string;
}

/** The resource of a request, as the route describes it to the authorizer. */
export interface ResourceDescriptor extends EntityRef {
  /** Group id of the owning group, when the resource has one. */
  owner?: string | null;
  attrs?: Record<string, CedarValue>;
}

export interface PrincipalDescriptor extends EntityRef {
  name: string;
  /** Every group the principal is in, directly or through nesting. */
  groups: string[];
}

export interface Decision {
  allowed: boolean;
  /** Ids of the policies that decided (for the audit record). */
  reasons: string[];
  errors: string[];
}

const NS = 'Paved';
const SCHEMA_NAME = 'paved';
const DECISION_CACHE_SIZE = 20_000;
const uid = (ref: EntityRef) => ({ type: `${NS}::${ref.type}`, id: ref.id });

export class Authorizer {
  private readonly fragments = [kernelSchemaFragment];
  private schemaText = composeSchema(this.fragments);
  private generation = 0;
  private policySetId = '';
  private stored: Record<string, string> = {};
  private schemaReady = false;
  /**
   * Decisions are a pure function of the policy set and the request's entities, so they are cached per
   * policy generation. A Cedar call costs ~150 µs here (mostly crossing into WASM); a hit costs ~1 µs,
   * which is what lets an authorized GET reach thousands of requests per second (docs/benchmarks.md).
   */
  private readonly decisions = new Map<string, Decision>();

  /** Capabilities add their entity types and actions before the server starts. */
  addSchema(fragment: string): void {
    this.fragments.push(fragment);
    this.schemaText = composeSchema(this.fragments);
  }

  get schema(): string {
    return this.schemaText;
  }

  /**
   * Parses the schema into the engine's cache; called once at start after all capabilities registered.
   * The schema also tells the engine which action groups each action is in.
   */
  checkSchema(): void {
    const answer = cedar.preparseSchema(SCHEMA_NAME, this.schemaText);
    if (answer.type === 'failure') throw new Error(`Cedar schema is invalid: ${answer.errors.map((e) => e.message).join('; ')}`);
    this.schemaReady = true;
  }

  /**
   * Validates policies against the schema, as Cedar's validator does in strict mode. Throws InputError
   * with the Cedar messages (and the policy id) when anything is wrong.
   */
  validate(policies: Record<string, string>): void {
    const answer = cedar.validate({ schema: this.schemaText, policies: { staticPolicies: policies }, validationSettings: { mode: 'strict' } });
    if (answer.type === 'failure') {
      throw new InputError('the policy does not parse', answer.errors.map((e) => ({ message: formatError(e) })));
    }
    if (answer.validationErrors.length) {
      throw new InputError(
        'the policy does not match the Paved schema',
        answer.validationErrors.map((e) => ({ path: e.policyId, message: formatError(e.error) })),
      );
    }
  }

  /** Installs the stored policies (replacing the previous set) together with the built-ins. */
  load(stored: Record<string, string>): void {
    const all = { ...builtinPolicies, ...stored };
    const id = `paved-${++this.generation}`;
    const answer = cedar.preparsePolicySet(id, { staticPolicies: all });
    if (answer.type === 'failure') throw new Error(`stored policies do not parse: ${answer.errors.map((e) => e.message).join('; ')}`);
    this.stored = stored;
    this.policySetId = id;
    this.decisions.clear();
  }

  get storedPolicies(): Record<string, string> {
    return this.stored;
  }

  isAuthorized(principal: PrincipalDescriptor, action: string, resource: ResourceDescriptor, context: Record<string, CedarValue> = {}): Decision {
    if (!this.schemaReady) this.checkSchema();
    if (!this.policySetId) this.load({});
    const key = JSON.stringify([principal.type, principal.id, principal.groups, action, resource.type, resource.id, resource.owner ?? null, resource.attrs ?? null, context]);
    const cached = this.decisions.get(key);
    if (cached) return cached;
    const decision = this.decide(principal, action, resource, context);
    if (this.decisions.size >= DECISION_CACHE_SIZE) this.decisions.delete(this.decisions.keys().next().value!);
    this.decisions.set(key, decision);
    return decision;
  }

  private decide(principal: PrincipalDescriptor, action: string, resource: ResourceDescriptor, context: Record<string, CedarValue>): Decision {
    const entities: cedar.EntityJson[] = [
      {
        uid: uid(principal),
        attrs: { name: principal.name },
        parents: principal.groups.map((g) => uid({ type: 'Group', id: g })),
      },
    ];
    const sameAsPrincipal = resource.type === principal.type && resource.id === principal.id;
    if (!sameAsPrincipal) {
      const attrs: Record<string, CedarValue> = { ...(resource.attrs ?? {}) };
      if (resource.owner) attrs.owner = { __entity: uid({ type: 'Group', id: resource.owner }) };
      entities.push({ uid: uid(resource), attrs, parents: [] });
    }
    const answer = cedar.statefulIsAuthorized({
      principal: uid(principal),
      action: { type: `${NS}::Action`, id: action },
      resource: uid(resource),
      context,
      preparsedPolicySetId: this.policySetId,
      preparsedSchemaName: SCHEMA_NAME,
      validateRequest: true,
      entities,
    });
    if (answer.type === 'failure') return { allowed: false, reasons: [], errors: answer.errors.map((e) => e.message) };
    return {
      allowed: answer.response.decision === 'allow',
      reasons: answer.response.diagnostics.reason,
      errors: answer.response.diagnostics.errors.map((e) => `${e.policyId}: ${e.error.message}`),
    };
  }
}

function formatError(e: cedar.DetailedError): string {
  return [e.message, e.help].filter(Boolean).join(' — ');
}
