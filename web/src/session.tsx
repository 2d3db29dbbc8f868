// Who is signed in. The session itself is an HttpOnly cookie the page cannot read; what the page knows is
// the whoami answer (identity, groups and the CSRF token for writes), fetched at start and on sign-in.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, ApiError, onUnauthorized, setCsrfToken } from './api';

export interface Whoami {
  type: 'user' | 'service';
  id: string;
  name: string;
  groups: string[];
  via: 'session' | 'token';
  csrfToken?: string;
}

export type Credentials = { username: string; password: string } | { token: string };

export type SessionState =
  | { status: 'loading' }
  | { status: 'signed-out'; reason?: 'expired' | 'signed-out'; error?: ApiError }
  | { status: 'signed-in'; me: Whoami };

interface SessionApi {
  state: SessionState;
  signIn(credentials: Credentials): Promise<Whoami>;
  signOut(): Promise<void>;
  /** Re-reads whoami (e.g. after the user's groups changed). */
  refresh(): Promise<void>;
}

const SessionContext = createContext<SessionApi | null>(null);

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<SessionState>({ status: 'loading' });

  const adopt = useCallback((me: Whoami) => {
    setCsrfToken(me.csrfToken);
    setState({ status: 'signed-in', me });
  }, []);

  const refresh = useCallback(async () => {
    try {
      adopt(await api.get<Whoami>('/api/v1/iam/whoami', undefined, { expectUnauthorized: true }));
    } catch (error) {
      setCsrfToken(undefined);
      const apiError = error instanceof ApiError ? error : undefined;
      // 401 is the ordinary "not signed in"; anything else (server down) is worth showing on the sign-in page.
      setState({ status: 'signed-out', error: apiError && apiError.status !== 401 ? apiError : undefined });
    }
  }, [adopt]);

  useEffect(() => {
    void refresh();
    onUnauthorized(() => {
      setCsrfToken(undefined);
      setState((previous) => (previous.status === 'signed-in' ? { status: 'signed-out', reason: 'expired' } : previous));
    });
    return () => onUnauthorized(undefined);
  }, [refresh]);

  const signIn = useCallback(
    async (credentials: Credentials) => {
      const me = await api.post<Whoami>('/api/v1/auth/login', credentials, { expectUnauthorized: true });
      adopt(me);
      return me;
    },
    [adopt],
  );

  const signOut = useCallback(async () => {
    try {
      await api.post('/api/v1/auth/logout', undefined, { expectUnauthorized: true });
    } finally {
      // Even if the server could not be told, forget the session here: the cookie expires on its own.
      setCsrfToken(undefined);
      setState({ status: 'signed-out', reason: 'signed-out' });
    }
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, refresh }), [state, signIn, signOut, refresh]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): SessionApi {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession must be used inside <SessionProvider>');
  return session;
}

/** The signed-in principal; only for pages rendered behind the sign-in guard. */
export function useMe(): Whoami {
  const { state } = useSession();
  if (state.status !== 'signed-in') throw new Error('useMe used outside a signed-in page');
  return state.me;
}
