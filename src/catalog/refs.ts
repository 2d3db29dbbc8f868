// Entity references, as Backstage parses them: `[kind:][namespace/]name`, with a default kind per
// field (owner → Group, system → System, …) and the referring entity's namespace as default namespace.
import { DEFAULT_NAMESPACE, type CompoundRef, type Entity } from './model.js';

export class RefError extends Error {
  override name = 'RefError';
}

/**
 * Parses a reference. `defaultKind` and `defaultNamespace` fill in the parts the string leaves out;
 * without a default kind a reference must name its kind.
 */
export function parseEntityRef(ref: unknown, context: { defaultKind?: string; defaultNamespace?: string } = {}): CompoundRef {
  if (typeof ref !== 'string' || ref.length === 0) throw new RefError('an entity reference must be a non-empty string');
  const colon = ref.indexOf(':');
  const slash = ref.indexOf('/');
  let kind: string | undefined;
  let rest = ref;
  // A colon after the slash belongs to the name part, which Backstage forbids anyway; only a colon
  // before any slash separates the kind.
  if (colon >= 0 && (slash < 0 || colon < slash)) {
    kind = ref.slice(0, colon);
    rest = ref.slice(colon + 1);
  }
  let namespace: string | undefined;
  let name = rest;
  const s = rest.indexOf('/');
  if (s >= 0) {
    namespace = rest.slice(0, s);
    name = rest.slice(s + 1);
  }
  kind ??= context.defaultKind;
  namespace ??= context.defaultNamespace ?? DEFAULT_NAMESPACE;
  if (!kind) throw new RefError(`entity reference "${ref}" has no kind and this field has no default kind; write kind:namespace/name`);
  if (!kind || !namespace || !name) throw new RefError(`entity reference "${ref}" is not of the form [kind:][namespace/]name`);
  if (name.includes(':') || name.includes('/')) throw new RefError(`entity reference "${ref}" has more than one kind or namespace part`);
  return { kind, namespace, name };
}

/** The canonical string form, `kind:namespace/name`, lowercased (Backstage's stringifyEntityRef). */
export function stringifyEntityRef(ref: CompoundRef | Entity): string {
  const c = 'metadata' in ref ? { kind: ref.kind, namespace: ref.metadata.namespace ?? DEFAULT_NAMESPACE, name: ref.metadata.name } : ref;
  return `${c.kind.toLocaleLowerCase('en-US')}:${c.namespace.toLocaleLowerCase('en-US')}/${c.name.toLocaleLowerCase('en-US')}`;
}

export function refOf(entity: Entity): string {
  return stringifyEntityRef(entity);
}

/** Parses a canonical ref that must be complete (`kind:namespace/name`), as the API receives them. */
export function parseFullRef(ref: string): CompoundRef {
  return parseEntityRef(ref, {});
}

/**
 * The Paved group that owns an entity, from its spec.owner: owners are Group references and Paved
 * groups are named like catalog groups in the default namespace (`group:default/payments` → `payments`);
 * groups in other namespaces map to `<namespace>.<name>`. Owners that are users own nothing in Cedar.
 */
export function ownerGroupId(entity: Entity): string | null {
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string') return null;
  try {
    const ref = parseEntityRef(owner, { defaultKind: 'Group', defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE });
    if (ref.kind.toLowerCase() !== 'group') return null;
    const name = ref.name.toLowerCase();
    const ns = ref.namespace.toLowerCase();
    return ns === DEFAULT_NAMESPACE ? name : `${ns}.${name}`;
  } catch {
    return null;
  }
}
