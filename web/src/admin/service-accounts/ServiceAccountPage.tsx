import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, seg } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import type { ServiceAccount } from '../model';
import { TokensPanel } from '../tokens/TokensPanel';

export function ServiceAccountPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const base = `/api/v1/iam/service-accounts/${seg(id)}`;
  const account = useApiData((signal) => api.get<ServiceAccount>(base, undefined, { signal }), [base]);
  const [error, setError] = useState<unknown>();

  async function remove() {
    if (!window.confirm(`Delete service account ${id}? Its tokens are revoked at once.`)) return;
    setError(undefined);
    try {
      await api.delete(base);
      navigate('..', { relative: 'path', state: { deleted: id } });
    } catch (failure) {
      setError(failure);
    }
  }

  if (account.error instanceof ApiError && account.error.status === 404) {
    return (
      <>
        <PageHeader title={`Service account ${id}`} />
        <div className="banner banner-info" role="alert">
          <p>There is no service account {id}, or you may not see it.</p>
        </div>
        <Link to=".." relative="path">
          Back to service accounts
        </Link>
      </>
    );
  }

  return (
    <>
      <PageHeader
        title={`Service account ${id}`}
        description={account.data?.description ?? undefined}
        actions={
          account.data ? (
            <button type="button" className="button-danger" onClick={remove}>
              Delete service account
            </button>
          ) : undefined
        }
      />
      <p>
        <Link to=".." relative="path">
          ← All service accounts
        </Link>
      </p>
      <ErrorBanner error={account.error} title="Could not load the service account" />
      <ErrorBanner error={error} title="The change failed" focus />
      {account.loading && !account.data ? <Loading label="Loading the service account…" /> : null}
      {account.data ? (
        <>
          <section className="panel" aria-labelledby="sa-heading">
            <h2 id="sa-heading">Details</h2>
            <dl className="facts">
              <dt>Owning group</dt>
              <dd>{account.data.owner ? <Link to={`/admin/groups/${seg(account.data.owner)}`}>{account.data.owner}</Link> : 'none (administrators only)'}</dd>
              <dt>Created</dt>
              <dd>{formatDate(account.data.createdAt)}</dd>
            </dl>
          </section>
          <TokensPanel base={base} owner={id} />
        </>
      ) : null}
    </>
  );
}
