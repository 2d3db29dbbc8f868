// The administration sections: identity (users, groups, service accounts), authorization (Cedar policies) and the audit log.
// Every page asks the server; what a principal may see is decided there by Cedar, and a denied read
// answers 404, which the pages explain.
import type { Section } from '../sections';

const group = 'Administration';

export const sections: Section[] = [
  {
    id: 'users',
    title: 'Users',
    description: 'People who sign in to Paved: accounts, passwords and API tokens.',
    path: '/admin/users',
    group,
    order: 100,
    routes: [
      { index: true, lazy: () => import('./users/UsersPage').then((m) => ({ Component: m.UsersPage })) },
      { path: 'new', lazy: () => import('./users/CreateUserPage').then((m) => ({ Component: m.CreateUserPage })) },
      { path: ':id', lazy: () => import('./users/UserPage').then((m) => ({ Component: m.UserPage })) },
    ],
  },
  {
    id: 'groups',
    title: 'Groups',
    description: 'Teams of users, service accounts and other groups; policies grant rights to groups.',
    path: '/admin/groups',
    group,
    order: 110,
    routes: [
      { index: true, lazy: () => import('./groups/GroupsPage').then((m) => ({ Component: m.GroupsPage })) },
      { path: 'new', lazy: () => import('./groups/CreateGroupPage').then((m) => ({ Component: m.CreateGroupPage })) },
      { path: ':id', lazy: () => import('./groups/GroupPage').then((m) => ({ Component: m.GroupPage })) },
    ],
  },
  {
    id: 'service-accounts',
    title: 'Service accounts',
    description: 'Identities for programs such as CI jobs, with their API tokens.',
    path: '/admin/service-accounts',
    group,
    order: 115,
    routes: [
      { index: true, lazy: () => import('./service-accounts/ServiceAccountsPage').then((m) => ({ Component: m.ServiceAccountsPage })) },
      { path: 'new', lazy: () => import('./service-accounts/CreateServiceAccountPage').then((m) => ({ Component: m.CreateServiceAccountPage })) },
      { path: ':id', lazy: () => import('./service-accounts/ServiceAccountPage').then((m) => ({ Component: m.ServiceAccountPage })) },
    ],
  },
  {
    id: 'policies',
    title: 'Policies',
    description: 'Cedar policies that decide who may do what, validated by the server before they are saved.',
    path: '/admin/policies',
    group,
    order: 120,
    routes: [
      { index: true, lazy: () => import('./policies/PoliciesPage').then((m) => ({ Component: m.PoliciesPage })) },
      { path: 'new', lazy: () => import('./policies/PolicyEditorPage').then((m) => ({ Component: m.PolicyEditorPage })) },
      { path: ':id', lazy: () => import('./policies/PolicyEditorPage').then((m) => ({ Component: m.PolicyEditorPage })) },
    ],
  },
  {
    id: 'audit',
    title: 'Audit log',
    description: 'Every change and every denial, hash-chained so tampering is detectable.',
    path: '/admin/audit',
    group,
    order: 130,
    routes: [{ index: true, lazy: () => import('./audit/AuditPage').then((m) => ({ Component: m.AuditPage })) }],
  },
];
