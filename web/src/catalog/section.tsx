// The software catalog in the portal: the table with filters and search, entity pages with their
// relations, and forms to register a location and to create or edit an API-managed entity.
import type { Section } from '../sections';

export const sections: Section[] = [
  {
    id: 'catalog',
    title: 'Catalog',
    description: 'Every component, API, resource, system and team, who owns it and how it fits together.',
    path: '/catalog',
    order: 10,
    routes: [
      { index: true, lazy: () => import('./CatalogPage').then((m) => ({ Component: m.CatalogPage })) },
      { path: 'new', lazy: () => import('./EditEntityPage').then((m) => ({ Component: m.EditEntityPage })) },
      { path: 'register', lazy: () => import('./RegisterLocationPage').then((m) => ({ Component: m.RegisterLocationPage })) },
      { path: ':kind/:namespace/:name', lazy: () => import('./EntityPage').then((m) => ({ Component: m.EntityPage })) },
      { path: ':kind/:namespace/:name/edit', lazy: () => import('./EditEntityPage').then((m) => ({ Component: m.EditEntityPage })) },
    ],
  },
];
