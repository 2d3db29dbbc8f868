// The guard in front of every page but sign-in: while the session is unknown it waits; when there is
// none it sends the user to sign in, remembering where they were going.
import { Navigate, Outlet, useLocation } from 'react-router';
import { Loading } from '../components/Loading';
import { useSession } from '../session';

export function RequireSignIn() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === 'loading') {
    return (
      <main className="centered" id="main">
        <Loading label="Checking your session…" />
      </main>
    );
  }
  if (state.status === 'signed-out') {
    const next = `${location.pathname}${location.search}`;
    const params = new URLSearchParams();
    if (next !== '/') params.set('next', next);
    if (state.reason === 'expired') params.set('expired', '1');
    const query = params.toString();
    return <Navigate to={`/sign-in${query ? `?${query}` : ''}`} replace />;
  }
  return <Outlet />;
}
