// One entity: overview, links, warnings, relations (graph and list; for a group its members and what it
// owns), the raw YAML, and an edit button when the entity is API-managed.
import { Link, useParams } from 'react-router';
import { stringify } from 'yaml';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { useApiData } from '../lib/useApiData';
import { apiPath, isApiManaged, type Entity } from './model';
import { RelationGraph, RelationList } from './RelationGraph';

export function EntityPage() {
  const { kind = '', namespace = '', name = '' } = useParams();
  const entity = useApiData((signal) => api.get<Entity>(apiPath(kind, namespace, name), undefined, { signal }), [kind, namespace, name]);
  const e = entity.data;
  if (entity.error) return <><PageHeader title={name} /><ErrorBanner error={entity.error} title={`Could not load ${kind} ${name}`} /></>;
  if (!e) return <Loading label={`Loading ${name}…`} />;
  const { relations: _r, status, ...raw } = e;
  const source = e.metadata.annotations?.['backstage.io/managed-by-location'];
  const members = (e.relations ?? []).filter((r) => r.type === 'hasMember');
  const owned = (e.relations ?? []).filter((r) => r.type === 'ownerOf');
  return (
    <>
      <PageHeader
        title={e.metadata.title ?? e.metadata.name}
        description={e.metadata.description}
        actions={isApiManaged(e) ? <Link className="button button-primary" to="edit">Edit</Link> : undefined}
      />
      {status?.items.length ? (
        <div className="banner banner-warning" role="status">
          <p className="banner-title"><strong>Warnings</strong></p>
          <ul>{status.items.map((s, i) => <li key={i}>{s.message}</li>)}</ul>
        </div>
      ) : null}
      <section aria-labelledby="overview">
        <h2 id="overview">Overview</h2>
        <dl className="details">
          <dt>Kind</dt><dd>{e.kind}</dd>
          <dt>Reference</dt><dd><code>{`${e.kind.toLowerCase()}:${e.metadata.namespace}/${e.metadata.name}`}</code></dd>
          {['type', 'lifecycle', 'owner', 'system', 'domain'].filter((k) => e.spec?.[k] !== undefined).map((k) => (
            <div key={k}><dt>{k[0]!.toUpperCase() + k.slice(1)}</dt><dd>{String(e.spec![k])}</dd></div>
          ))}
          {e.metadata.tags?.length ? <><dt>Tags</dt><dd>{e.metadata.tags.join(', ')}</dd></> : null}
          <dt>Managed by</dt><dd>{source ? <code>{source}</code> : 'the API (editable here)'}</dd>
        </dl>
      </section>
      {e.metadata.links?.length ? (
        <section aria-labelledby="links">
          <h2 id="links">Links</h2>
          <ul>{e.metadata.links.map((l) => <li key={l.url}><a href={l.url} rel="noreferrer">{l.title ?? l.url}</a></li>)}</ul>
        </section>
      ) : null}
      {e.kind === 'Group' ? (
        <section aria-labelledby="members">
          <h2 id="members">Members and owned entities</h2>
          <p>{members.length} members, owns {owned.length} entities.</p>
        </section>
      ) : null}
      <section aria-labelledby="relations">
        <h2 id="relations">Relations</h2>
        <RelationGraph entity={e} />
        <RelationList entity={e} />
      </section>
      <section aria-labelledby="yaml">
        <h2 id="yaml">YAML</h2>
        <pre className="code-block" tabIndex={0} aria-label="Entity YAML">{stringify(raw)}</pre>
      </section>
    </>
  );
}
