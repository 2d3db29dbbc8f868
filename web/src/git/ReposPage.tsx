import { Link } from 'react-router';
import { api, seg, type Page } from '../api';
import { LoadError } from '../admin/AccessAware';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { Pager, usePager } from '../components/Pager';
import { formatDate } from '../lib/format';
import { useApiData } from '../lib/useApiData';
import type { Repository } from './model';

const PAGE_SIZE = 25;

export function ReposPage() {
  const pager = usePager();
  const repos = useApiData((signal) => api.get<Page<Repository>>('/api/v1/git/repos', { limit: PAGE_SIZE, cursor: pager.cursor }, { signal }), [pager.cursor]);
  return (
    <>
      <PageHeader
        title="Repositories"
        description={
          <>
            Git repositories you may read. Create one with <code>paved repos create OWNER/NAME</code>; clone with an API token as the password.
          </>
        }
      />
      {repos.error ? <LoadError error={repos.error} what="Repositories" /> : null}
      {repos.loading && !repos.data ? <Loading label="Loading repositories…" /> : null}
      {repos.data ? (
        <>
          <div className="table-wrap" aria-busy={repos.loading}>
            <table>
              <caption className="visually-hidden">Repositories, page {pager.pageNumber}</caption>
              <thead>
                <tr>
                  <th scope="col">Repository</th>
                  <th scope="col">Description</th>
                  <th scope="col">Visibility</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {repos.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={4}>No repositories yet.</td>
                  </tr>
                ) : (
                  repos.data.items.map((r) => (
                    <tr key={r.fullName}>
                      <th scope="row" data-label="Repository">
                        <Link to={`${seg(r.owner)}/${seg(r.name)}`}>{r.fullName}</Link>
                      </th>
                      <td data-label="Description">{r.description || '—'}</td>
                      <td data-label="Visibility">{r.visibility}</td>
                      <td data-label="Created">
                        <time dateTime={r.createdAt}>{formatDate(r.createdAt)}</time>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <Pager pager={pager} nextCursor={repos.data.nextCursor} label="Repositories" />
        </>
      ) : null}
    </>
  );
}
