// One user: profile, groups, enabling/disabling, setting a password, API tokens, deletion. Updates send
// If-Match with the version shown, so an edit made meanwhile by someone else is not silently overwritten.
import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, ifMatch, seg } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import type { User } from '../model';
import { TokensPanel } from '../tokens/TokensPanel';

export function UserPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const base = `/api/v1/iam/users/${seg(id)}`;
  const loaded = useApiData((signal) => api.get<User>(base, undefined, { signal }), [base]);
  const [user, setUser] = useState<User>();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<unknown>();

  useEffect(() => setUser(loaded.data), [loaded.data]);

  async function update(changes: Partial<Pick<User, 'displayName' | 'email' | 'disabled'>> & { password?: string }, done: string) {
    if (!user) return false;
    setError(undefined);
    setStatus(undefined);
    try {
      setUser(await api.patch<User>(base, changes, { headers: ifMatch(user.version) }));
      setStatus(done);
      return true;
    } catch (failure) {
      setError(failure);
      if (failure instanceof ApiError && failure.status === 412) loaded.reload();
      return false;
    }
  }

  async function remove() {
    if (!window.confirm(`Delete user ${id}? Their tokens are revoked and they can no longer sign in.`)) return;
    setError(undefined);
    try {
      await api.delete(base);
      navigate('..', { relative: 'path', state: { deleted: id } });
    } catch (failure) {
      setError(failure);
    }
  }

  if (loaded.error instanceof ApiError && loaded.error.status === 404) {
    return (
      <>
        <PageHeader title={`User ${id}`} />
        <div className="banner banner-info" role="alert">
          <p>There is no user {id}, or you may not see it.</p>
        </div>
        <Link to=".." relative="path">
          Back to users
        </Link>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={`User ${id}`}
        description={user?.displayName ?? undefined}
        actions={
          user ? (
            <button type="button" className="button-danger" onClick={remove}>
              Delete user
            </button>
          ) : undefined
        }
      />
      <p>
        <Link to=".." relative="path">
          ← All users
        </Link>
      </p>
      <StatusMessage message={status} />
      <ErrorBanner error={loaded.error} title="Could not load the user" />
      <ErrorBanner error={error} title="The change failed" focus />
      {loaded.loading && !user ? <Loading label="Loading the user…" /> : null}
      {user ? (
        <>
          <section className="panel" aria-labelledby="profile-heading">
            <h2 id="profile-heading">Profile</h2>
            <dl className="facts">
              <dt>Status</dt>
              <dd>{user.disabled ? <span className="badge badge-danger">Disabled</span> : <span className="badge badge-success">Active</span>}</dd>
              <dt>Email</dt>
              <dd>{user.email ?? '—'}</dd>
              <dt>Password</dt>
              <dd>{user.hasPassword ? 'Set' : 'Not set (API tokens only)'}</dd>
              <dt>Groups</dt>
              <dd>
                {user.groups?.length
                  ? user.groups.map((g, i) => (
                      <span key={g}>
                        {i ? ', ' : ''}
                        <Link to={`/admin/groups/${seg(g)}`}>{g}</Link>
                      </span>
                    ))
                  : 'none'}
              </dd>
              <dt>Created</dt>
              <dd>{formatDate(user.createdAt)}</dd>
            </dl>
            <p className="form-actions">
              <button
                type="button"
                className={user.disabled ? 'button-primary' : 'button-secondary'}
                onClick={() => update({ disabled: !user.disabled }, user.disabled ? `User ${id} enabled.` : `User ${id} disabled: they can no longer sign in.`)}
              >
                {user.disabled ? 'Enable user' : 'Disable user'}
              </button>
            </p>
          </section>
          <PasswordForm onSubmit={(password) => update({ password }, `Password of ${id} set.`)} error={error} />
          <TokensPanel base={base} owner={id} />
        </>
      ) : null}
    </>
  );
}

function PasswordForm({ onSubmit, error }: { onSubmit: (password: string) => Promise<boolean>; error: unknown }) {
  const [password, setPassword] = useState('');
  const [saving, setSaving] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    if (await onSubmit(password)) setPassword('');
    setSaving(false);
  }
  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">Set a password</h2>
      <form className="form form-inline" onSubmit={submit}>
        <TextField
          label="New password"
          name="password"
          type="password"
          required
          minLength={12}
          autoComplete="new-password"
          hint="At least 12 characters."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={error instanceof ApiError ? error.fieldError('password') : undefined}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            Set password
          </button>
        </div>
      </form>
    </section>
  );
}
