// The route tree: the sign-in page, and behind the sign-in guard the shell with the home page and every
// registered section's routes.
import { createBrowserRouter, RouterProvider, type RouteObject } from 'react-router';
import { sections } from './sections';
import { SessionProvider } from './session';
import { AppShell } from './shell/AppShell';
import { HomePage } from './shell/HomePage';
import { NotFoundPage } from './shell/NotFoundPage';
import { RequireSignIn } from './shell/RequireSignIn';
import { RouteError } from './shell/RouteError';
import { SignInPage } from './shell/SignInPage';

const routes: RouteObject[] = [
  { path: '/sign-in', element: <SignInPage />, errorElement: <RouteError /> },
  {
    element: <RequireSignIn />,
    errorElement: <RouteError />,
    children: [
      {
        element: <AppShell />,
        children: [
          { index: true, element: <HomePage /> },
          ...sections.map((section) => ({ path: section.path, children: section.routes, errorElement: <RouteError /> })),
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
  },
];

const router = createBrowserRouter(routes);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
