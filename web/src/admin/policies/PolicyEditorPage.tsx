// Create or edit one Cedar policy. The server validates it against the Cedar schema before saving and
// answers 400 with Cedar's messages in `errors`; they are shown next to the editor, and nothing changes.
// Edits send If-Match with the version loaded, so two administrators cannot silently overwrite each other.
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiError, ifMatch, seg } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextArea, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { useApiData } from '../../lib/useApiData';
import type { Policy, PolicyList } from '../model';

const ID_PATTERN = '[A-Za-z0-9._\\-]+';
const EXAMPLE = `// Members of the payments group may read everything on the platform.
permit (
  principal in Paved::Group::"payments",
  action in Paved::Action::"read",
  resource
);`;

export function PolicyEditorPage() {
  const { id: routeId } = useParams();
  const isNew = routeId === undefined;
  const navigate = useNavigate();
  // The list answer carries the Cedar schema too, which authors need to see; one request serves both.
  const list = useApiData((signal) => api.get<PolicyList>('/api/v1/iam/policies', undefined, { signal }), []);
  const existing = isNew ? undefined : list.data?.items.find((p) => p.id === routeId);

  const [id, setId] = useState('');
  const [description, setDescription] = useState('');
  const [body, setBody] = useState(isNew ? EXAMPLE : '');
  const [version, setVersion] = useState<number>();
  const [error, setError] = useState<unknown>();
  const location = useLocation();
  const [status, setStatus] = useState<string | undefined>((location.state as { status?: string } | null)?.status);
  const [saving, setSaving] = useState(false);

  // Adopt the stored policy during render (not in an effect), so the editor never shows an empty body
  // for a moment; a newer version from the server (after a save) is adopted the same way.
  const [adopted, setAdopted] = useState<string>();
  const existingKey = existing ? `${existing.id}@${existing.version}` : undefined;
  if (existing && existingKey !== adopted) {
    setAdopted(existingKey);
    setDescription(existing.description);
    setBody(existing.body);
    setVersion(existing.version);
  }

  const policyId = isNew ? id.trim() : routeId;
  const readOnly = existing?.builtin ?? false;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    setStatus(undefined);
    try {
      if (isNew && list.data?.items.some((p) => p.id === policyId)) {
        throw new ApiError({
          type: 'about:blank',
          title: 'Conflict',
          status: 409,
          code: 'conflict',
          detail: `a policy with the id ${policyId} exists already; open it from the list to edit it`,
          errors: [{ path: 'id', message: 'already taken' }],
        });
      }
      const saved = await api.put<Policy>(`/api/v1/iam/policies/${seg(policyId)}`, { description, body }, { headers: ifMatch(isNew ? undefined : version) });
      setVersion(saved.version);
      const message = `Policy ${saved.id} saved. It applies to the next request.`;
      if (isNew) navigate(`../${seg(saved.id)}`, { relative: 'path', replace: true, state: { status: message } });
      setStatus(message);
      list.reload();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  async function remove() {
    if (!window.confirm(`Delete policy ${policyId}? The rights it grants end with the next request.`)) return;
    setError(undefined);
    try {
      await api.delete(`/api/v1/iam/policies/${seg(policyId)}`, { headers: ifMatch(version) });
      navigate('..', { relative: 'path', state: { deleted: policyId } });
    } catch (failure) {
      setError(failure);
    }
  }

  const bodyErrors = error instanceof ApiError && error.status === 400 ? error.problem.errors?.filter((e) => !/(^|\.)(description|id)$/.test(e.path)) : undefined;
  const title = isNew ? 'New policy' : readOnly ? `Built-in policy ${routeId}` : `Policy ${routeId}`;

  if (!isNew && list.data && !existing) {
    return (
      <>
        <PageHeader title={title} />
        <div className="banner banner-info" role="alert">
          <p>There is no policy {routeId}, or you may not see it.</p>
        </div>
        <Link to=".." relative="path">
          Back to policies
        </Link>
      </>
    );
  }

  return (
    <>
      <PageHeader title={title} description={readOnly ? 'Built-in policies are part of every installation and cannot be edited or deleted.' : undefined} />
      <p>
        <Link to=".." relative="path">
          ← All policies
        </Link>
      </p>
      {list.error ? <ErrorBanner error={list.error} title="Could not load the policies" /> : null}
      {list.loading && !list.data ? <Loading label="Loading the policy…" /> : null}
      <StatusMessage message={status} />
      {list.data ? (
        <form className="form form-wide" onSubmit={submit}>
          {isNew ? (
            <TextField
              label="Policy id"
              name="id"
              required
              maxLength={100}
              pattern={ID_PATTERN}
              autoCapitalize="none"
              autoComplete="off"
              spellCheck={false}
              hint='Letters, digits, ".", "_" and "-", e.g. payments-owners.'
              value={id}
              onChange={(e) => setId(e.target.value)}
              error={error instanceof ApiError ? error.fieldError('id') : undefined}
            />
          ) : null}
          <TextField
            label="Description"
            name="description"
            optional
            maxLength={2000}
            readOnly={readOnly}
            value={description}
            onChange={(e) => setDescription(e.target.value)}
            error={error instanceof ApiError ? error.fieldError('description') : undefined}
          />
          <TextArea
            label="Cedar policy"
            name="body"
            className="code-editor"
            required
            rows={14}
            spellCheck={false}
            autoCapitalize="none"
            autoCorrect="off"
            readOnly={readOnly}
            value={body}
            onChange={(e) => setBody(e.target.value)}
            hint={
              <>
                One or more <code>permit</code> or <code>forbid</code> statements. Principals are <code>Paved::User</code>,{' '}
                <code>Paved::ServiceAccount</code> and <code>Paved::Group</code>; see the schema below for actions and resources.
              </>
            }
            error={bodyErrors && bodyErrors.length ? `Cedar rejected this policy: ${bodyErrors.length} error${bodyErrors.length === 1 ? '' : 's'}, listed below.` : undefined}
          />
          <ErrorBanner error={error} title="The policy was not saved" labels={{ body: 'Cedar policy', description: 'Description', id: 'Policy id' }} focus />
          {!readOnly ? (
            <div className="form-actions">
              <button type="submit" className="button-primary" disabled={saving}>
                {saving ? 'Validating and saving…' : isNew ? 'Create policy' : 'Save policy'}
              </button>
              {!isNew ? (
                <button type="button" className="button-danger" onClick={remove}>
                  Delete policy
                </button>
              ) : null}
            </div>
          ) : null}
        </form>
      ) : null}
      {list.data?.schema ? (
        <details className="panel">
          <summary>Cedar schema policies are validated against</summary>
          <pre className="code-block" tabIndex={0} aria-label="Cedar schema">
            {list.data.schema}
          </pre>
        </details>
      ) : null}
    </>
  );
}
