import { Link, useLocation } from 'react-router';
import { api, seg, type Page } from '../../api';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, usePager } from '../../components/Pager';
import { StatusMessage } from '../../components/StatusMessage';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import { LoadError } from '../AccessAware';
import type { Group } from '../model';

const PAGE_SIZE = 25;

export function GroupsPage() {
  const pager = usePager();
  const location = useLocation();
  const deleted = (location.state as { deleted?: string } | null)?.deleted;
  const groups = useApiData(
    (signal) => api.get<Page<Group>>('/api/v1/iam/groups', { limit: PAGE_SIZE, cursor: pager.cursor }, { signal }),
    [pager.cursor],
  );

  return (
    <>
      <PageHeader
        title="Groups"
        description="Groups hold users, service accounts and other groups. Policies grant rights to groups; members of a resource's owning group manage it."
        actions={
          <Link className="button button-primary" to="new">
            New group
          </Link>
        }
      />
      <StatusMessage message={deleted ? `Group ${deleted} deleted.` : undefined} />
      {groups.error ? <LoadError error={groups.error} what="Groups" /> : null}
      {groups.loading && !groups.data ? <Loading label="Loading groups…" /> : null}
      {groups.data ? (
        <>
          <div className="table-wrap" aria-busy={groups.loading}>
            <table>
              <caption className="visually-hidden">Groups, page {pager.pageNumber}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Description</th>
                  <th scope="col">Updated</th>
                </tr>
              </thead>
              <tbody>
                {groups.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={3}>No groups yet.</td>
                  </tr>
                ) : (
                  groups.data.items.map((group) => (
                    <tr key={group.id}>
                      <th scope="row" data-label="Name">
                        <Link to={seg(group.id)}>{group.name}</Link>
                      </th>
                      <td data-label="Description">{group.description || '—'}</td>
                      <td data-label="Updated">
                        <time dateTime={group.updatedAt}>{formatDate(group.updatedAt)}</time>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <Pager pager={pager} nextCursor={groups.data.nextCursor} label="Groups" />
        </>
      ) : null}
    </>
  );
}
