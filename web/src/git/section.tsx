// The git hosting section: the repositories you may read, and one page per repository (README, files,
// branches, recent commits, clone URL). Access is decided by the server (a denied read answers 404).
import type { Section } from '../sections';

export const sections: Section[] = [
  {
    id: 'repositories',
    title: 'Repositories',
    description: 'Git repositories hosted by Paved: browse files, branches and commits, and copy the clone URL.',
    path: '/repos',
    order: 20,
    routes: [
      { index: true, lazy: () => import('./ReposPage').then((m) => ({ Component: m.ReposPage })) },
      { path: ':owner/:name', lazy: () => import('./RepoPage').then((m) => ({ Component: m.RepoPage })) },
    ],
  },
];
