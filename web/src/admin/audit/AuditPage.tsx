// The audit log, newest first, filtered by actor, action, resource and outcome. The filters live in the URL so a filtered
// view can be bookmarked and shared; pages go further back with the server's cursor.
import { useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { api, type Page } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { Pager, usePager } from '../../components/Pager';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import { LoadError } from '../AccessAware';
import type { AuditRecord } from '../model';

const PAGE_SIZE = 50;

const FILTERS = ['actor', 'action', 'resource', 'outcome'] as const;
type Filters = Record<(typeof FILTERS)[number], string>;

function readFilters(params: URLSearchParams): Filters {
  return Object.fromEntries(FILTERS.map((name) => [name, params.get(name) ?? ''])) as Filters;
}

export function AuditPage() {
  const [params, setParams] = useSearchParams();
  const filters = readFilters(params);
  const [inputs, setInputs] = useState<Filters>(filters);
  const pager = usePager();
  const records = useApiData(
    // The answer remembers the filters it was asked with: while the next filter loads, the page keeps
    // describing the records it actually shows.
    async (signal) => ({
      ...(await api.get<Page<AuditRecord>>('/api/v1/audit', { ...filters, limit: PAGE_SIZE, cursor: pager.cursor }, { signal })),
      filtered: FILTERS.some((name) => filters[name]),
      pageNumber: pager.pageNumber,
    }),
    [params.toString(), pager.cursor],
  );
  const set = (name: keyof Filters) => (event: { target: { value: string } }) => setInputs((current) => ({ ...current, [name]: event.target.value }));

  function applyFilters(event: FormEvent) {
    event.preventDefault();
    const next = new URLSearchParams();
    for (const name of FILTERS) if (inputs[name].trim()) next.set(name, inputs[name].trim());
    pager.reset();
    setParams(next);
  }

  function clearFilters() {
    setInputs(readFilters(new URLSearchParams()));
    pager.reset();
    setParams(new URLSearchParams());
  }

  const filtered = FILTERS.some((name) => filters[name]);
  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          <>
            Every change and every denial, newest first. Records are hash-chained and signed; <code>paved audit verify</code> checks them.
          </>
        }
      />
      <VerifyPanel />
      <form className="form form-inline filters" onSubmit={applyFilters} role="search" aria-label="Filter the audit log">
        <TextField label="Actor" name="actor" hint="Exact, e.g. user:admin" autoCapitalize="none" spellCheck={false} value={inputs.actor} onChange={set('actor')} />
        <TextField label="Action" name="action" hint="Exact, or a prefix ending in *, e.g. iam:*" autoCapitalize="none" spellCheck={false} value={inputs.action} onChange={set('action')} />
        <TextField label="Resource" name="resource" hint="Exact, e.g. Group:payments" autoCapitalize="none" spellCheck={false} value={inputs.resource} onChange={set('resource')} />
        <SelectField label="Outcome" name="outcome" value={inputs.outcome} onChange={set('outcome')}>
          <option value="">Any</option>
          <option value="success">Success</option>
          <option value="denied">Denied</option>
          <option value="failure">Failure</option>
        </SelectField>
        <div className="form-actions">
          <button type="submit" className="button-primary">
            Apply filters
          </button>
          {filtered ? (
            <button type="button" className="button-secondary" onClick={clearFilters}>
              Clear
            </button>
          ) : null}
        </div>
      </form>
      {records.error ? <LoadError error={records.error} what="Audit records" /> : null}
      {records.loading && !records.data ? <Loading label="Loading audit records…" /> : null}
      {records.data ? (
        <>
          <p className="muted" role="status" aria-live="polite">
            {records.data.items.length === 0
              ? records.data.filtered
                ? 'No records match these filters.'
                : 'No records yet.'
              : `Showing ${records.data.items.length} record${records.data.items.length === 1 ? '' : 's'}${records.data.filtered ? ' matching the filters' : ''}, page ${records.data.pageNumber}.`}
          </p>
          {records.data.items.length > 0 ? (
            <div className="table-wrap" aria-busy={records.loading}>
              <table className="table-dense">
                <caption className="visually-hidden">Audit records</caption>
                <thead>
                  <tr>
                    <th scope="col">#</th>
                    <th scope="col">Time</th>
                    <th scope="col">Actor</th>
                    <th scope="col">Action</th>
                    <th scope="col">Resource</th>
                    <th scope="col">Outcome</th>
                    <th scope="col">Source</th>
                    <th scope="col">Details</th>
                  </tr>
                </thead>
                <tbody>
                  {records.data.items.map((record) => (
                    <tr key={String(record.seq)}>
                      <th scope="row" data-label="#">
                        {record.seq}
                      </th>
                      <td data-label="Time">
                        <time dateTime={record.at}>{formatDate(record.at, true)}</time>
                      </td>
                      <td data-label="Actor">{record.actor}</td>
                      <td data-label="Action">
                        <code>{record.action}</code>
                      </td>
                      <td data-label="Resource">{record.resource ?? '—'}</td>
                      <td data-label="Outcome">
                        <span className={`badge ${record.outcome === 'success' ? 'badge-success' : record.outcome === 'denied' || record.outcome === 'failure' ? 'badge-danger' : ''}`}>
                          {record.outcome}
                        </span>
                      </td>
                      <td data-label="Source">
                        {record.sourceIp ?? '—'}
                        {record.requestId ? <span className="muted small block">request {record.requestId}</span> : null}
                      </td>
                      <td data-label="Details">
                        {hasDetails(record.details) ? (
                          <details>
                            <summary>
                              Show<span className="visually-hidden"> details of record {record.seq}</span>
                            </summary>
                            <pre className="code-block">{JSON.stringify(record.details, null, 2)}</pre>
                          </details>
                        ) : (
                          '—'
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : null}
          <Pager pager={pager} nextCursor={records.data.nextCursor} label="Audit log" />
        </>
      ) : null}
    </>
  );
}

function hasDetails(details: unknown): boolean {
  if (details === null || details === undefined) return false;
  if (typeof details === 'object') return Object.keys(details as object).length > 0;
  return true;
}

interface VerifyReport {
  ok: boolean;
  records: number;
  digests: number;
  lastSeq: number;
  problems: { seq: number; kind: string; message: string }[];
}

/** Runs the same check as `paved audit verify` on the server and shows the verdict. */
function VerifyPanel() {
  const [report, setReport] = useState<VerifyReport>();
  const [error, setError] = useState<unknown>();
  const [running, setRunning] = useState(false);

  async function verify() {
    setRunning(true);
    setError(undefined);
    setReport(undefined);
    try {
      setReport(await api.get<VerifyReport>('/api/v1/audit/verify'));
    } catch (failure) {
      setError(failure);
    } finally {
      setRunning(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="verify-heading">
      <h2 id="verify-heading">Integrity</h2>
      <p className="muted">Checks the hash chain of every record and the signatures of the digests.</p>
      <p>
        <button type="button" className="button-secondary" onClick={verify} disabled={running}>
          {running ? 'Verifying…' : 'Verify the audit log'}
        </button>
      </p>
      <div role="status" aria-live="polite">
        {report ? (
          report.ok ? (
            <p className="banner banner-success">
              Intact: {report.records} records and {report.digests} signed digests verified (last record #{report.lastSeq}).
            </p>
          ) : (
            <div className="banner banner-error">
              <p>
                <strong>The audit log has been tampered with.</strong> {report.problems.length} problem{report.problems.length === 1 ? '' : 's'} found:
              </p>
              <ul className="banner-errors">
                {report.problems.map((problem, index) => (
                  <li key={index}>
                    Record #{problem.seq} ({problem.kind}): {problem.message}
                  </li>
                ))}
              </ul>
            </div>
          )
        ) : null}
      </div>
      <ErrorBanner error={error} title="Could not verify the audit log" />
    </section>
  );
}
