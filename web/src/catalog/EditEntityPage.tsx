// Create or edit an API-managed entity as YAML. Edits send If-Match with the etag that was loaded, so
// someone else's edit made meanwhile is never overwritten (412 explains it).
import { useEffect, useId, useState, type FormEvent } from 'react';
import { useNavigate, useParams } from 'react-router';
import { parse, stringify } from 'yaml';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { PageHeader } from '../components/PageHeader';
import { apiPath, entityPath, refOf, type Entity } from './model';

const TEMPLATE = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: my-service
  description: What it does
spec:
  type: service
  lifecycle: production
  owner: my-team
`;

export function EditEntityPage() {
  const { kind, namespace, name } = useParams();
  const editing = !!(kind && namespace && name);
  const navigate = useNavigate();
  const id = useId();
  const [text, setText] = useState(editing ? '' : TEMPLATE);
  const [etag, setEtag] = useState<string>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!editing) return;
    api.get<Entity>(apiPath(kind!, namespace!, name!)).then((e) => {
      const { relations: _r, status: _s, ...raw } = e;
      const { uid: _u, etag: tag, ...metadata } = raw.metadata;
      setEtag(tag);
      setText(stringify({ ...raw, metadata }));
    }, setError);
  }, [editing, kind, namespace, name]);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      let body: unknown;
      try {
        body = parse(text);
      } catch (e) {
        throw new Error(`The YAML does not parse: ${(e as Error).message}`);
      }
      const saved = editing
        ? await api.put<Entity>(apiPath(kind!, namespace!, name!), body, { headers: etag ? { 'if-match': `"${etag}"` } : {} })
        : await api.post<Entity>('/api/catalog/entities', body);
      navigate(entityPath(refOf(saved)));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <PageHeader title={editing ? `Edit ${name}` : 'New entity'} description="Backstage entity YAML. Entities created here are managed through the API; those from a location are edited in their file." />
      <ErrorBanner error={error} focus title={editing ? 'Could not save the entity' : 'Could not create the entity'} />
      <form onSubmit={submit}>
        <div className="field">
          <label htmlFor={id}>Entity YAML</label>
          <textarea id={id} className="code-input" rows={24} value={text} onChange={(e) => setText(e.target.value)} required spellCheck={false} />
        </div>
        <button type="submit" className="button-primary" disabled={busy}>{editing ? 'Save' : 'Create'}</button>
      </form>
    </>
  );
}
