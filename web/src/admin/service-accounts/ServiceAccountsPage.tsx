import { Link, useLocation } from 'react-router';
import { api, seg, type Page } from '../../api';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, usePager } from '../../components/Pager';
import { StatusMessage } from '../../components/StatusMessage';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import { LoadError } from '../AccessAware';
import type { ServiceAccount } from '../model';

const PAGE_SIZE = 25;

export function ServiceAccountsPage() {
  const pager = usePager();
  const location = useLocation();
  const deleted = (location.state as { deleted?: string } | null)?.deleted;
  const accounts = useApiData(
    (signal) => api.get<Page<ServiceAccount>>('/api/v1/iam/service-accounts', { limit: PAGE_SIZE, cursor: pager.cursor }, { signal }),
    [pager.cursor],
  );

  return (
    <>
      <PageHeader
        title="Service accounts"
        description="Identities for programs (CI jobs, deploy bots). They sign in with API tokens only; members of the owning group manage them."
        actions={
          <Link className="button button-primary" to="new">
            New service account
          </Link>
        }
      />
      <StatusMessage message={deleted ? `Service account ${deleted} deleted.` : undefined} />
      {accounts.error ? <LoadError error={accounts.error} what="Service accounts" /> : null}
      {accounts.loading && !accounts.data ? <Loading label="Loading service accounts…" /> : null}
      {accounts.data ? (
        <>
          <div className="table-wrap" aria-busy={accounts.loading}>
            <table>
              <caption className="visually-hidden">Service accounts, page {pager.pageNumber}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col">Owner</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {accounts.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={4}>No service accounts yet.</td>
                  </tr>
                ) : (
                  accounts.data.items.map((account) => (
                    <tr key={account.id}>
                      <th scope="row" data-label="Name">
                        <Link to={seg(account.id)}>{account.name}</Link>
                      </th>
                      <td data-label="Description">{account.description || '—'}</td>
                      <td data-label="Owner">{account.owner ? <Link to={`/admin/groups/${seg(account.owner)}`}>{account.owner}</Link> : '—'}</td>
                      <td data-label="Created">
                        <time dateTime={account.createdAt}>{formatDate(account.createdAt)}</time>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <Pager pager={pager} nextCursor={accounts.data.nextCursor} label="Service accounts" />
        </>
      ) : null}
    </>
  );
}
