// The catalog table: filters (kind, type, owner, lifecycle, tag) from facets, a full-text search, and
// cursor pages. The filters live in the URL, so a filtered view can be bookmarked and shared.
import { useId } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager, usePager } from '../components/Pager';
import { useApiData } from '../lib/useApiData';
import { entityPath, refOf, type QueryPage } from './model';

const FILTERS = [
  { key: 'kind', label: 'Kind' },
  { key: 'spec.type', label: 'Type' },
  { key: 'spec.owner', label: 'Owner' },
  { key: 'spec.lifecycle', label: 'Lifecycle' },
  { key: 'metadata.tags', label: 'Tag' },
] as const;

export function CatalogPage() {
  const [params, setParams] = useSearchParams();
  const pager = usePager();
  const searchId = useId();
  const filter = FILTERS.filter((f) => params.get(f.key)).map((f) => `${f.key}=${params.get(f.key)}`).join(',');
  const term = params.get('q') ?? '';
  const facets = useApiData(
    (signal) => api.get<{ facets: Record<string, Array<{ value: string; count: number }>> }>(`/api/catalog/entity-facets?${FILTERS.map((f) => `facet=${f.key}`).join('&')}`, undefined, { signal }),
    [],
  );
  const page = useApiData(
    (signal) =>
      api.get<QueryPage>(
        '/api/catalog/entities/by-query',
        pager.cursor ? { cursor: pager.cursor, limit: 25 } : { filter: filter || undefined, fullTextFilterTerm: term || undefined, limit: 25, orderField: 'metadata.name,asc' },
        { signal },
      ),
    [filter, term, pager.cursor],
  );
  const set = (key: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(key, value);
    else next.delete(key);
    pager.reset();
    setParams(next, { replace: true });
  };

  return (
    <>
      <PageHeader
        title="Catalog"
        description="Components, APIs, resources, systems, domains, groups and users, from catalog-info.yaml files and from the API."
        actions={
          <>
            <Link className="button button-primary" to="new">New entity</Link>
            <Link className="button button-secondary" to="register">Register a location</Link>
          </>
        }
      />
      <form className="filters" role="search" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={searchId}>Search</label>
          <input id={searchId} type="search" defaultValue={term} placeholder="name, title, description, tag…" onChange={(e) => set('q', e.target.value.trim())} />
        </div>
        {FILTERS.map((f) => (
          <div className="field" key={f.key}>
            <label htmlFor={`${searchId}-${f.key}`}>{f.label}</label>
            <select id={`${searchId}-${f.key}`} value={params.get(f.key) ?? ''} onChange={(e) => set(f.key, e.target.value)}>
              <option value="">Any</option>
              {(facets.data?.facets[f.key] ?? []).map((v) => (
                <option key={v.value} value={v.value}>
                  {v.value} ({v.count})
                </option>
              ))}
            </select>
          </div>
        ))}
      </form>
      <ErrorBanner error={page.error ?? facets.error} title="Could not load the catalog" />
      {page.loading && !page.data ? <Loading label="Loading the catalog…" /> : null}
      {page.data ? (
        <>
          <p role="status">{page.data.totalItems} entities</p>
          <div className="table-wrap" aria-busy={page.loading}>
            <table>
              <caption className="visually-hidden">Catalog entities, page {pager.pageNumber}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Kind</th>
                  <th scope="col">Type</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Lifecycle</th>
                  <th scope="col">Description</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={6}>No entities match.</td>
                  </tr>
                ) : (
                  page.data.items.map((e) => (
                    <tr key={e.metadata.uid}>
                      <th scope="row" data-label="Name">
                        <Link to={entityPath(refOf(e))}>{e.metadata.title ?? e.metadata.name}</Link>
                      </th>
                      <td data-label="Kind">{e.kind}</td>
                      <td data-label="Type">{String(e.spec?.type ?? '—')}</td>
                      <td data-label="Owner">{String(e.spec?.owner ?? '—')}</td>
                      <td data-label="Lifecycle">{String(e.spec?.lifecycle ?? '—')}</td>
                      <td data-label="Description">{e.metadata.description ?? '—'}</td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <Pager pager={pager} nextCursor={page.data.pageInfo.nextCursor} label="Catalog" />
        </>
      ) : null}
    </>
  );
}
