// The API tokens of a user or a service account: list (never the secrets), create (the secret is shown
// once, here), revoke. `base` is `/api/v1/iam/users/NAME` or `/api/v1/iam/service-accounts/NAME`.
import { useRef, useState, type FormEvent } from 'react';
import { api, ApiError, seg } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { StatusMessage } from '../../components/StatusMessage';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import type { ApiToken, CreatedToken } from '../model';

export function TokensPanel({ base, owner }: { base: string; owner: string }) {
  const tokens = useApiData((signal) => api.get<{ items: ApiToken[] }>(`${base}/tokens`, undefined, { signal }), [base]);
  const [description, setDescription] = useState('');
  const [days, setDays] = useState('90');
  const [created, setCreated] = useState<CreatedToken>();
  const [status, setStatus] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);
  const secretRef = useRef<HTMLInputElement>(null);

  async function create(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setStatus(undefined);
    try {
      const token = await api.post<CreatedToken>(`${base}/tokens`, {
        description: description.trim(),
        ...(days ? { expiresInDays: Number(days) } : {}),
      });
      setCreated(token);
      setDescription('');
      tokens.reload();
      // Move focus to the secret so it is read out and can be copied straight away.
      requestAnimationFrame(() => secretRef.current?.select());
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  async function revoke(token: ApiToken) {
    if (!window.confirm(`Revoke token ${token.prefix}…? Programs using it stop working at once.`)) return;
    setError(undefined);
    try {
      await api.delete(`${base}/tokens/${seg(token.id)}`);
      setStatus(`Token ${token.prefix}… revoked.`);
      if (created?.id === token.id) setCreated(undefined);
      tokens.reload();
    } catch (failure) {
      setError(failure);
    }
  }

  async function copy() {
    if (!created) return;
    try {
      await navigator.clipboard.writeText(created.token);
      setStatus('Token copied to the clipboard.');
    } catch {
      secretRef.current?.select();
      setStatus('Select the token and copy it (the clipboard is not available here).');
    }
  }

  const fieldError = (path: string) => (error instanceof ApiError ? error.fieldError(path) : undefined);
  const list = tokens.data?.items ?? [];
  return (
    <section className="panel" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">API tokens</h2>
      <p className="muted">
        Tokens sign in programs and the <code>paved</code> CLI as {owner} (<code>Authorization: Bearer …</code>). Paved stores only a hash: a token's secret
        is shown once, when it is created.
      </p>
      <StatusMessage message={status} />
      {created ? (
        <div className="banner banner-success" data-testid="new-token">
          <p>
            <strong>New token created.</strong> Copy it now: it will not be shown again.
          </p>
          <div className="secret-row">
            <label className="visually-hidden" htmlFor="new-token-secret">
              New API token
            </label>
            <input id="new-token-secret" ref={secretRef} readOnly value={created.token} spellCheck={false} className="secret" />
            <button type="button" className="button-secondary" onClick={copy}>
              Copy
            </button>
            <button type="button" className="button-ghost" onClick={() => setCreated(undefined)}>
              Done
            </button>
          </div>
        </div>
      ) : null}
      <ErrorBanner error={tokens.error} title="Could not load the tokens" />
      {tokens.loading && !tokens.data ? <Loading label="Loading tokens…" /> : null}
      {tokens.data ? (
        list.length === 0 ? (
          <p>No tokens.</p>
        ) : (
          <div className="table-wrap">
            <table className="table-dense">
              <thead>
                <tr>
                  <th scope="col">Token</th>
                  <th scope="col">Description</th>
                  <th scope="col">Created</th>
                  <th scope="col">Expires</th>
                  <th scope="col">Last used</th>
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {list.map((token) => (
                  <tr key={token.id}>
                    <th scope="row" data-label="Token">
                      <code>{token.prefix}…</code>
                      {token.revokedAt ? <span className="badge badge-danger">Revoked</span> : null}
                    </th>
                    <td data-label="Description">{token.description || '—'}</td>
                    <td data-label="Created">{formatDate(token.createdAt)}</td>
                    <td data-label="Expires">{token.expiresAt ? formatDate(token.expiresAt) : 'Never'}</td>
                    <td data-label="Last used">{token.lastUsedAt ? formatDate(token.lastUsedAt) : 'Never'}</td>
                    <td data-label="Actions">
                      {token.revokedAt ? null : (
                        <button type="button" className="button-secondary button-small" onClick={() => revoke(token)}>
                          Revoke<span className="visually-hidden"> token {token.prefix}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      ) : null}
      <h3>Create a token</h3>
      <form className="form form-inline" onSubmit={create}>
        <TextField
          label="Token description"
          name="description"
          optional
          maxLength={200}
          hint="What will use it, e.g. CI deploy job"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={fieldError('description')}
        />
        <TextField
          label="Expires after (days)"
          name="expiresInDays"
          type="number"
          min={1}
          max={3650}
          optional
          hint="Empty for a token that never expires"
          value={days}
          onChange={(e) => setDays(e.target.value)}
          error={fieldError('expiresInDays')}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? 'Creating…' : 'Create token'}
          </button>
        </div>
        <ErrorBanner error={error} title="The token change failed" focus />
      </form>
    </section>
  );
}
