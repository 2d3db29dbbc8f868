// One repository: clone URL, README (Markdown rendered by react-markdown, which never renders raw HTML),
// a file browser with breadcrumbs, branches and recent commits. The ref and path live in the URL query
// so views can be bookmarked.
import Markdown from 'react-markdown';
import { Link, useParams, useSearchParams } from 'react-router';
import { api, seg } from '../api';
import { LoadError } from '../admin/AccessAware';
import { Loading } from '../components/Loading';
import { PageHeader } from '../components/PageHeader';
import { formatDate } from '../lib/format';
import { useApiData } from '../lib/useApiData';
import type { Blob, Branch, Commit, Repository, TreeEntry } from './model';

export function RepoPage() {
  const { owner = '', name = '' } = useParams();
  const [search, setSearch] = useSearchParams();
  const base = `/api/v1/git/repos/${seg(owner)}/${seg(name)}`;
  const repo = useApiData((signal) => api.get<Repository>(base, undefined, { signal }), [base]);
  const branches = useApiData((signal) => api.get<{ items: Branch[] }>(`${base}/branches`, undefined, { signal }), [base]);
  const ref = search.get('ref') ?? repo.data?.defaultBranch ?? '';
  const path = search.get('path') ?? '';
  const file = search.get('file');
  const empty = branches.data?.items.length === 0;
  const ready = Boolean(ref) && branches.data !== undefined && !empty;
  const tree = useApiData(
    (signal) => (ready ? api.get<{ items: TreeEntry[] }>(`${base}/tree`, { ref, path }, { signal }) : Promise.resolve(undefined)),
    [base, ref, path, ready],
  );
  const blob = useApiData((signal) => (ready && file ? api.get<Blob>(`${base}/blob`, { ref, path: file }, { signal }) : Promise.resolve(undefined)), [base, ref, file, ready]);
  const readme = useApiData(
    (signal) => (ready && !path && !file ? api.get<{ readme: Blob | null }>(`${base}/readme`, { ref }, { signal }) : Promise.resolve(undefined)),
    [base, ref, path, file, ready],
  );
  const commits = useApiData((signal) => (ready ? api.get<{ items: Commit[] }>(`${base}/commits`, { ref, limit: 10 }, { signal }) : Promise.resolve(undefined)), [base, ref, ready]);

  const go = (next: { ref?: string; path?: string; file?: string | null }) => {
    const params = new URLSearchParams();
    params.set('ref', next.ref ?? ref);
    const p = next.path ?? path;
    if (p) params.set('path', p);
    if (next.file) params.set('file', next.file);
    setSearch(params);
  };

  if (repo.error) return <LoadError error={repo.error} what="This repository" />;
  if (!repo.data) return <Loading label="Loading repository…" />;
  const r = repo.data;
  const crumbs = path ? path.split('/') : [];

  return (
    <>
      <PageHeader title={r.fullName} description={r.description || undefined} />
      <p>
        <Link to="/repos">All repositories</Link> · {r.visibility} · owned by <Link to={`/admin/groups/${seg(r.owner)}`}>{r.owner}</Link>
      </p>
      <section aria-labelledby="clone-heading" className="card">
        <h2 id="clone-heading">Clone</h2>
        <pre data-testid="clone-command">git clone {r.cloneUrl}</pre>
        <p className="muted">Use your user name and an API token as the password. Protected: {r.protection.map((p) => p.pattern).join(', ') || 'nothing'}.</p>
      </section>

      {empty ? (
        <p>This repository is empty. Push a first commit: <code>git push {r.cloneUrl} {r.defaultBranch}</code></p>
      ) : (
        <>
          <label>
            Branch{' '}
            <select value={ref} onChange={(e) => go({ ref: e.target.value, path: '', file: null })}>
              {(branches.data?.items ?? []).map((b) => (
                <option key={b.name} value={b.name}>
                  {b.name}
                </option>
              ))}
            </select>
          </label>
          <section aria-labelledby="files-heading">
            <h2 id="files-heading">Files</h2>
            <nav aria-label="Path">
              <button type="button" className="button button-ghost button-small" onClick={() => go({ path: '', file: null })}>
                {r.name}
              </button>
              {crumbs.map((c, i) => (
                <span key={i}>
                  {' / '}
                  <button type="button" className="button button-ghost button-small" onClick={() => go({ path: crumbs.slice(0, i + 1).join('/'), file: null })}>
                    {c}
                  </button>
                </span>
              ))}
            </nav>
            {tree.error ? <LoadError error={tree.error} what="These files" /> : null}
            {tree.data ? (
              <ul data-testid="file-list">
                {tree.data.items.map((e) => (
                  <li key={e.path}>
                    <button type="button" className="button button-ghost button-small" onClick={() => (e.type === 'tree' ? go({ path: e.path, file: null }) : go({ file: e.path }))}>
                      {e.type === 'tree' ? `${e.name}/` : e.name}
                    </button>
                    {e.size !== null ? <span className="muted"> {e.size} bytes</span> : null}
                  </li>
                ))}
              </ul>
            ) : null}
          </section>
          {file && blob.data ? (
            <section aria-labelledby="file-heading">
              <h2 id="file-heading">{blob.data.path}</h2>
              {blob.data.content !== null ? <pre data-testid="file-content">{blob.data.content}</pre> : <p>{blob.data.binary ? 'Binary file' : 'File too large to show'} ({blob.data.size} bytes).</p>}
            </section>
          ) : null}
          {readme.data?.readme?.content ? (
            <section aria-labelledby="readme-heading" className="card" data-testid="readme">
              <h2 id="readme-heading">{readme.data.readme.path}</h2>
              {/\.(md|markdown)$/i.test(readme.data.readme.path) ? <Markdown skipHtml>{readme.data.readme.content}</Markdown> : <pre>{readme.data.readme.content}</pre>}
            </section>
          ) : null}
          <section aria-labelledby="commits-heading">
            <h2 id="commits-heading">Recent commits</h2>
            <ul data-testid="commits">
              {(commits.data?.items ?? []).map((c) => (
                <li key={c.id}>
                  <code>{c.id.slice(0, 10)}</code> {c.subject} <span className="muted">— {c.author}, <time dateTime={c.date}>{formatDate(c.date)}</time></span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby="branches-heading">
            <h2 id="branches-heading">Branches</h2>
            <ul>
              {(branches.data?.items ?? []).map((b) => (
                <li key={b.name}>
                  <button type="button" className="button button-ghost button-small" onClick={() => go({ ref: b.name, path: '', file: null })}>
                    {b.name}
                  </button>{' '}
                  <span className="muted">
                    {b.subject} · <time dateTime={b.date}>{formatDate(b.date)}</time>
                  </span>
                </li>
              ))}
            </ul>
          </section>
        </>
      )}
    </>
  );
}
