// One group: its description, its direct members (nested groups are members too), and forms to add and
// remove members. Membership changes are audited by the server like every other change.
import { useState, type FormEvent } from 'react';
import { Link, useLocation, useNavigate, useParams } from 'react-router';
import { api, ApiError, ifMatch, seg } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { SelectField, TextField } from '../../components/Field';
import { Loading } from '../../components/Loading';
import { PageHeader } from '../../components/PageHeader';
import { StatusMessage } from '../../components/StatusMessage';
import { formatDate } from '../../lib/format';
import { useApiData } from '../../lib/useApiData';
import { memberTypeLabels, type Group, type Member, type MemberType } from '../model';
import { NameField } from '../NameField';

export function GroupPage() {
  const { id = '' } = useParams();
  const location = useLocation();
  const navigate = useNavigate();
  const [status, setStatus] = useState<string | undefined>((location.state as { created?: boolean } | null)?.created ? `Group ${id} created.` : undefined);
  const [actionError, setActionError] = useState<unknown>();
  const group = useApiData((signal) => api.get<Group>(`/api/v1/iam/groups/${seg(id)}`, undefined, { signal }), [id]);

  async function removeMember(member: Member) {
    if (!window.confirm(`Remove ${memberTypeLabels[member.type].toLowerCase()} ${member.id} from ${id}?`)) return;
    setActionError(undefined);
    try {
      await api.delete(`/api/v1/iam/groups/${seg(id)}/members/${seg(member.type)}/${seg(member.id)}`);
      setStatus(`Removed ${member.id} from ${id}.`);
      group.reload();
    } catch (failure) {
      setActionError(failure);
    }
  }

  async function deleteGroup() {
    if (!window.confirm(`Delete group ${id}? Policies that name it stop matching anyone.`)) return;
    setActionError(undefined);
    try {
      await api.delete(`/api/v1/iam/groups/${seg(id)}`);
      navigate('..', { relative: 'path', state: { deleted: id } });
    } catch (failure) {
      setActionError(failure);
    }
  }

  if (group.error instanceof ApiError && group.error.status === 404) {
    return (
      <>
        <PageHeader title={`Group ${id}`} />
        <div className="banner banner-info" role="alert">
          <p>There is no group {id}, or you may not see it.</p>
        </div>
        <p>
          <Link to=".." relative="path">
            Back to groups
          </Link>
        </p>
      </>
    );
  }

  const members = group.data?.members ?? [];
  return (
    <>
      <PageHeader
        title={`Group ${group.data?.name ?? id}`}
        description={group.data?.description || undefined}
        actions={
          group.data ? (
            <button type="button" className="button-danger" onClick={deleteGroup}>
              Delete group
            </button>
          ) : undefined
        }
      />
      <p>
        <Link to=".." relative="path">
          ← All groups
        </Link>
      </p>
      <StatusMessage message={status} />
      <ErrorBanner error={group.error} title="Could not load the group" />
      <ErrorBanner error={actionError} title="The change failed" focus />
      {group.loading && !group.data ? <Loading label="Loading the group…" /> : null}
      {group.data ? (
        <>
          <section className="panel" aria-labelledby="members-heading">
            <h2 id="members-heading">Members ({members.length})</h2>
            {members.length === 0 ? (
              <p>This group has no members yet.</p>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Member</th>
                      <th scope="col">Kind</th>
                      <th scope="col">
                        <span className="visually-hidden">Actions</span>
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {members.map((member) => (
                      <tr key={`${member.type}:${member.id}`}>
                        <th scope="row" data-label="Member">
                          {member.type === 'group' ? <Link to={`../${seg(member.id)}`} relative="path">{member.id}</Link> : member.id}
                        </th>
                        <td data-label="Kind">{memberTypeLabels[member.type]}</td>
                        <td data-label="Actions">
                          <button type="button" className="button-secondary button-small" onClick={() => removeMember(member)}>
                            Remove<span className="visually-hidden"> {member.id}</span>
                          </button>
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </section>
          <DescriptionForm
            group={group.data}
            onSaved={() => {
              setStatus(`Description of ${id} saved.`);
              group.reload();
            }}
          />
          <AddMemberForm
            groupId={id}
            onAdded={(member) => {
              setStatus(`Added ${memberTypeLabels[member.type].toLowerCase()} ${member.id} to ${id}.`);
              group.reload();
            }}
          />
          <p className="muted">
            Created <time dateTime={group.data.createdAt}>{formatDate(group.data.createdAt)}</time>, updated{' '}
            <time dateTime={group.data.updatedAt}>{formatDate(group.data.updatedAt)}</time>.
          </p>
        </>
      ) : null}
    </>
  );
}

function AddMemberForm({ groupId, onAdded }: { groupId: string; onAdded: (member: Member) => void }) {
  const [type, setType] = useState<MemberType>('user');
  const [memberId, setMemberId] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const member = { type, id: memberId.trim() };
    try {
      await api.post(`/api/v1/iam/groups/${seg(groupId)}/members`, member);
      setMemberId('');
      onAdded(member);
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  const fieldError = (path: string) => (error instanceof ApiError ? error.fieldError(path) : undefined);
  return (
    <section className="panel" aria-labelledby="add-member-heading">
      <h2 id="add-member-heading">Add a member</h2>
      <form className="form form-inline" onSubmit={submit}>
        <SelectField label="Kind" name="type" value={type} onChange={(e) => setType(e.target.value as MemberType)} error={fieldError('type')}>
          {Object.entries(memberTypeLabels).map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </SelectField>
        <NameField
          label="Name"
          name="member"
          value={memberId}
          onChange={(e) => setMemberId(e.target.value)}
          error={fieldError('id')}
        />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? 'Adding…' : 'Add member'}
          </button>
        </div>
        <ErrorBanner error={error} title="Could not add the member" labels={{ type: 'Kind', id: 'Name' }} focus />
      </form>
    </section>
  );
}

/** Edits the description with If-Match, so a change made meanwhile by someone else is not overwritten. */
function DescriptionForm({ group, onSaved }: { group: Group; onSaved: () => void }) {
  const [description, setDescription] = useState(group.description ?? '');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await api.patch(`/api/v1/iam/groups/${seg(group.id)}`, { description: description.trim() || null }, { headers: ifMatch(group.version) });
      onSaved();
    } catch (failure) {
      setError(failure);
    } finally {
      setSaving(false);
    }
  }

  return (
    <section className="panel" aria-labelledby="description-heading">
      <h2 id="description-heading">Description</h2>
      <form className="form form-inline" onSubmit={submit}>
        <TextField
          label="Group description"
          name="description"
          optional
          maxLength={2000}
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          error={error instanceof ApiError ? error.fieldError('description') : undefined}
        />
        <div className="form-actions">
          <button type="submit" className="button-secondary" disabled={saving || description.trim() === (group.description ?? '')}>
            Save description
          </button>
        </div>
        <ErrorBanner error={error} title="Could not save the description" focus />
      </form>
    </section>
  );
}
