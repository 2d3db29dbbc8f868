// Policies every Paved installation has. Administrators add more through /api/v1/iam/policies; those
// can grant but never remove these (add a `forbid` policy to restrict, as Cedar intends).
export const builtinPolicies: Record<string, string> = {
  'builtin-admins': `// Members of the admins group may do everything.
permit (principal in Paved::Group::"admins", action, resource);`,
  'builtin-catalog-read': `// Every signed-in user and service account may read the software catalog.
permit (principal, action in Paved::Action::"catalogRead", resource);`,
  'builtin-owners-manage': `// Members of a resource's owning group may manage it.
permit (principal, action in Paved::Action::"manage", resource)
when { resource has owner && principal in resource.owner };`,
  'builtin-git-read': `// Every signed-in user and service account may read internal and public git repositories.
permit (principal, action == Paved::Action::"git:Read", resource)
when { resource has visibility && resource.visibility != "private" };`,
  'builtin-self-service': `// Everyone may see who they are and manage their own tokens and password.
permit (principal, action in Paved::Action::"self", resource)
when { resource == principal };`,
};
