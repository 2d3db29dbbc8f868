import { Link, useLocation } from 'react-router';
import { api, seg, type Page } from '../../api';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, usePager } from '../../components/Pager';
import { StatusMessage } from '../../components/StatusMessage';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import { LoadError } from '../AccessAware';
import type { User } from '../model';

const PAGE_SIZE = 25;

export function UsersPage() {
  const pager = usePager();
  const location = useLocation();
  const state = location.state as { created?: string; deleted?: string } | null;
  const users = useApiData(
    (signal) => api.get<Page<User>>('/api/v1/iam/users', { limit: PAGE_SIZE, cursor: pager.cursor }, { signal }),
    [pager.cursor],
  );

  return (
    <>
      <PageHeader
        title="Users"
        description="People who can sign in to Paved. Service accounts sign in with API tokens instead."
        actions={
          <Link className="button button-primary" to="new">
            New user
          </Link>
        }
      />
      <StatusMessage message={state?.created ? `User ${state.created} created.` : state?.deleted ? `User ${state.deleted} deleted.` : undefined} />
      {users.error ? <LoadError error={users.error} what="Users" /> : null}
      {users.loading && !users.data ? <Loading label="Loading users…" /> : null}
      {users.data ? (
        <>
          <div className="table-wrap" aria-busy={users.loading}>
            <table>
              <caption className="visually-hidden">Users, page {pager.pageNumber}</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Display name</th>
                  <th scope="col">Email</th>
                  <th scope="col">Sign-in</th>
                  <th scope="col">Created</th>
                </tr>
              </thead>
              <tbody>
                {users.data.items.length === 0 ? (
                  <tr>
                    <td colSpan={5}>No users yet.</td>
                  </tr>
                ) : (
                  users.data.items.map((user) => (
                    <tr key={user.id}>
                      <th scope="row" data-label="Name">
                        <Link to={seg(user.id)}>{user.name}</Link>
                      </th>
                      <td data-label="Display name">{user.displayName ?? '—'}</td>
                      <td data-label="Email">{user.email ?? '—'}</td>
                      <td data-label="Sign-in">
                        {user.disabled ? (
                          <span className="badge badge-danger">Disabled</span>
                        ) : user.hasPassword ? (
                          <span className="badge">Password</span>
                        ) : (
                          <span className="badge badge-muted">Tokens only</span>
                        )}
                      </td>
                      <td data-label="Created">
                        <time dateTime={user.createdAt}>{formatDate(user.createdAt)}</time>
                      </td>
                    </tr>
                  ))
                )}
              </tbody>
            </table>
          </div>
          <Pager pager={pager} nextCursor={users.data.nextCursor} label="Users" />
        </>
      ) : null}
    </>
  );
}
