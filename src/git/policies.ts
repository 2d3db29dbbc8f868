// The built-in policy git hosting needs: internal and public repositories are readable by every signed-in
// principal. The kernel owns the built-in policy list (src/kernel/authz/builtin-policies.ts); this text is
// what goes there. Anonymous reads of public repositories are decided in access.ts, because Cedar
// requests need a principal entity and anonymous callers have none.
export const gitReadPolicy = `// Every signed-in user and service account may read internal and public git repositories.
permit (principal, action == Paved::Action::"git:Read", resource)
when { resource has visibility && resource.visibility != "private" };`;
