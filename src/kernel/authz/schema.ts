// The Cedar schema of Paved. The kernel declares identities, the platform singleton and the action
// groups; each capability adds its resource types and actions with `fragment`s. All of it lives in the
// `Paved` namespace so policies read `Paved::Group::"team-a"`, `Paved::Action::"catalog:UpdateEntity"`.

export const kernelSchemaFragment = `
  // Identities. A principal is "in" every group it belongs to, directly or through nested groups.
  entity Group in [Group] { name?: String };
  entity User in [Group] { name?: String };
  entity ServiceAccount in [Group] { name?: String, owner?: Group };

  // The platform itself: the resource of collection-level actions (list users, create a group, …).
  entity Platform;
  entity Policy;
  entity AuditLog;

  // Action groups that built-in and administrator policies refer to.
  action read;
  action write;
  // Actions a member of the resource's owning group may perform.
  action manage;
  // Actions a principal may perform on itself (its own tokens, whoami).
  action self;
  // Reading the software catalog: allowed to every signed-in principal.
  action catalogRead;

  action "iam:WhoAmI" in [self, read] appliesTo { principal: [User, ServiceAccount], resource: [User, ServiceAccount] };
  action "iam:ListTokens" in [self, read, manage] appliesTo { principal: [User, ServiceAccount], resource: [User, ServiceAccount] };
  action "iam:CreateToken" in [self, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [User, ServiceAccount] };
  action "iam:RevokeToken" in [self, write, manage] appliesTo { principal: [User, ServiceAccount], resource: [User, ServiceAccount] };
  action "iam:ChangePassword" in [self, write] appliesTo { principal: [User, ServiceAccount], resource: [User] };

  action "iam:ListUsers" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:CreateUser" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:GetUser" in [read] appliesTo { principal: [User, ServiceAccount], resource: [User] };
  action "iam:UpdateUser" in [write] appliesTo { principal: [User, ServiceAccount], resource: [User] };
  action "iam:DeleteUser" in [write] appliesTo { principal: [User, ServiceAccount], resource: [User] };

  action "iam:ListGroups" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:CreateGroup" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:GetGroup" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Group] };
  action "iam:UpdateGroup" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Group] };
  action "iam:DeleteGroup" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Group] };
  action "iam:AddGroupMember" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Group] };
  action "iam:RemoveGroupMember" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Group] };

  action "iam:ListServiceAccounts" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:CreateServiceAccount" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:GetServiceAccount" in [read, manage] appliesTo { principal: [User, ServiceAccount], resource: [ServiceAccount] };
  action "iam:DeleteServiceAccount" in [write, manage] appliesTo { principal: [User, ServiceAccount], resource: [ServiceAccount] };

  action "iam:ListPolicies" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:PutPolicy" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Platform] };
  action "iam:GetPolicy" in [read] appliesTo { principal: [User, ServiceAccount], resource: [Policy] };
  action "iam:DeletePolicy" in [write] appliesTo { principal: [User, ServiceAccount], resource: [Policy] };

  action "audit:List" in [read] appliesTo { principal: [User, ServiceAccount], resource: [AuditLog] };
  action "audit:Verify" in [read] appliesTo { principal: [User, ServiceAccount], resource: [AuditLog] };
`;

export function composeSchema(fragments: string[]): string {
  return `namespace Paved {\n${fragments.join('\n')}\n}\n`;
}
