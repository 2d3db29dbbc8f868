// Register a location (a URL or an absolute path on the server): check it first (dry run), then add it.
import { useId, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { PageHeader } from '../components/PageHeader';
import { entityPath, refOf, type Entity } from './model';

interface Result {
  location: { id: string; type: string; target: string };
  entities: Entity[];
  problems?: Array<{ file?: string; line?: number; document?: number; path?: string; message: string }>;
}

export function RegisterLocationPage() {
  const id = useId();
  const [target, setTarget] = useState('');
  const [result, setResult] = useState<{ dry: boolean; data: Result }>();
  const [error, setError] = useState<unknown>();
  const send = async (dry: boolean) => {
    setError(undefined);
    try {
      setResult({ dry, data: await api.post<Result>(`/api/catalog/locations${dry ? '?dryRun=true' : ''}`, { target }) });
    } catch (e) {
      setError(e);
    }
  };
  return (
    <>
      <PageHeader title="Register a location" description="An http(s) URL or an absolute path on the server holding catalog-info.yaml. Paved reads it now and then on its schedule." />
      <ErrorBanner error={error} focus title="Could not register the location" />
      <form onSubmit={(e: FormEvent) => { e.preventDefault(); void send(false); }}>
        <div className="field">
          <label htmlFor={id}>Location</label>
          <input id={id} type="text" required value={target} onChange={(e) => setTarget(e.target.value)} placeholder="https://git.example.com/team/repo/raw/main/catalog-info.yaml" />
        </div>
        <button type="button" className="button-secondary" onClick={() => void send(true)}>Check</button>{' '}
        <button type="submit" className="button-primary">Register</button>
      </form>
      {result ? (
        <section aria-labelledby="result" role="status">
          <h2 id="result">{result.dry ? 'It would load' : 'Registered'}: {result.data.entities.length} entities</h2>
          <ul>{result.data.entities.map((e) => <li key={refOf(e)}>{result.dry ? refOf(e) : <Link to={entityPath(refOf(e))}>{refOf(e)}</Link>}</li>)}</ul>
          {result.data.problems?.length ? (
            <ul className="banner banner-warning">
              {result.data.problems.map((p, i) => <li key={i}>{p.file ? `${p.file}${p.line ? `:${p.line}` : ''} ` : ''}{p.path ? `${p.path}: ` : ''}{p.message}</li>)}
            </ul>
          ) : null}
        </section>
      ) : null}
    </>
  );
}
