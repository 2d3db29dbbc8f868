// Sign-in with a username and password, or with an API token (how the first administrator signs in, with
// the bootstrap token `npm start` prints the location of).
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ErrorBanner } from '../components/ErrorBanner';
import { TextField } from '../components/Field';
import { useDocumentTitle } from '../components/PageHeader';
import { useSession } from '../session';

type Method = 'password' | 'token';

/** Only same-site paths: `next` comes from the URL, and an open redirect would help phishing. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/sign-in') ? next : '/';
}

export function SignInPage() {
  useDocumentTitle('Sign in');
  const { state, signIn } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const [method, setMethod] = useState<Method>('password');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [token, setToken] = useState('');
  const [error, setError] = useState<unknown>();
  const [submitting, setSubmitting] = useState(false);
  const firstField = useRef<HTMLInputElement>(null);

  useEffect(() => {
    firstField.current?.focus();
  }, [method]);

  if (state.status === 'signed-in' && !submitting) return <Navigate to={next} replace />;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitting(true);
    setError(undefined);
    try {
      await signIn(method === 'password' ? { username: username.trim(), password } : { token: token.trim() });
      navigate(next, { replace: true });
    } catch (failure) {
      setError(failure);
      setSubmitting(false);
    }
  }

  // Once the user has tried again, the error says what matters; an old "signed out" note would only add noise.
  const notice = error
    ? undefined
    : params.get('expired') === '1'
      ? 'Your session has ended. Sign in again to continue.'
      : state.status === 'signed-out' && state.reason === 'signed-out'
        ? 'You are signed out.'
        : undefined;

  return (
    <div className="sign-in-layout">
      <header className="sign-in-brand">
        <span className="brand-mark" aria-hidden="true" />
        <span className="brand-name">Paved</span>
      </header>
      <main id="main" className="sign-in-card">
        <h1>Sign in to Paved</h1>
        <div role="status" aria-live="polite">
          {notice ? <p className="banner banner-info">{notice}</p> : null}
        </div>
        {state.status === 'signed-out' && state.error ? <ErrorBanner error={state.error} title="The server could not be reached" /> : null}
        <form onSubmit={submit} noValidate={false} aria-describedby={error ? 'sign-in-error' : undefined}>
          <fieldset className="segmented">
            <legend>Sign in with</legend>
            <label>
              <input type="radio" name="method" value="password" checked={method === 'password'} onChange={() => setMethod('password')} />
              Username and password
            </label>
            <label>
              <input type="radio" name="method" value="token" checked={method === 'token'} onChange={() => setMethod('token')} />
              An API token
            </label>
          </fieldset>
          {method === 'password' ? (
            <>
              <p className="field-hint">
                First sign-in on a new installation? Choose <em>An API token</em> and paste the bootstrap token.
              </p>
              <TextField
                ref={firstField}
                label="Username"
                name="username"
                autoComplete="username"
                autoCapitalize="none"
                spellCheck={false}
                required
                value={username}
                onChange={(e) => setUsername(e.target.value)}
              />
              <TextField
                label="Password"
                name="password"
                type="password"
                autoComplete="current-password"
                required
                value={password}
                onChange={(e) => setPassword(e.target.value)}
              />
            </>
          ) : (
            <TextField
              ref={firstField}
              label="API token"
              name="token"
              type="password"
              autoComplete="off"
              spellCheck={false}
              required
              value={token}
              onChange={(e) => setToken(e.target.value)}
              hint={
                <>
                  New installation? Use the bootstrap token: <code>npm start</code> prints the file it is in
                  (<code>.paved/bootstrap-token</code> by default).
                </>
              }
            />
          )}
          <ErrorBanner id="sign-in-error" error={error} title="Sign-in failed" focus />
          <button type="submit" className="button-primary" disabled={submitting}>
            {submitting ? 'Signing in…' : 'Sign in'}
          </button>
        </form>
      </main>
    </div>
  );
}
