import { Link, useLocation } from 'react-router';
import { api, seg } from '../../api';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import { LoadError } from '../AccessAware';
import type { PolicyList } from '../model';

export function PoliciesPage() {
  const location = useLocation();
  const deleted = (location.state as { deleted?: string } | null)?.deleted;
  const policies = useApiData((signal) => api.get<PolicyList>('/api/v1/iam/policies', undefined, { signal }), []);

  return (
    <>
      <PageHeader
        title="Policies"
        description={
          <>
            Cedar policies decide every request; anything not permitted is denied. Built-in policies cannot be changed: add a <code>forbid</code> policy
            to restrict them.
          </>
        }
        actions={
          <Link className="button button-primary" to="new">
            New policy
          </Link>
        }
      />
      <StatusMessage message={deleted ? `Policy ${deleted} deleted.` : undefined} />
      {policies.error ? <LoadError error={policies.error} what="Policies" /> : null}
      {policies.loading && !policies.data ? <Loading label="Loading policies…" /> : null}
      {policies.data ? (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Cedar policies</caption>
            <thead>
              <tr>
                <th scope="col">Policy</th>
                <th scope="col">Description</th>
                <th scope="col">Kind</th>
                <th scope="col">Updated</th>
              </tr>
            </thead>
            <tbody>
              {policies.data.items.map((policy) => (
                <tr key={policy.id}>
                  <th scope="row" data-label="Policy">
                    <Link to={seg(policy.id)}>{policy.id}</Link>
                  </th>
                  <td data-label="Description">{policy.description || firstComment(policy.body) || '—'}</td>
                  <td data-label="Kind">{policy.builtin ? <span className="badge badge-muted">Built-in</span> : <span className="badge">Stored</span>}</td>
                  <td data-label="Updated">{policy.updatedAt ? <time dateTime={policy.updatedAt}>{formatDate(policy.updatedAt)}</time> : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </>
  );
}

/** Built-in policies describe themselves in a leading `//` comment. */
function firstComment(body: string): string | undefined {
  return /^\s*\/\/\s*(.+)$/m.exec(body)?.[1];
}
