import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, seg } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextArea } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { NAME_HINT, type Group } from '../model';
import { NameField } from '../NameField';

const labels = { name: 'Name', description: 'Description' };

export function CreateGroupPage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const group = await api.post<Group>('/api/v1/iam/groups', {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
      });
      navigate(`../${seg(group.id)}`, { relative: 'path', state: { created: true } });
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  }

  const fieldError = (path: string) => (error instanceof ApiError ? error.fieldError(path) : undefined);

  return (
    <>
      <PageHeader title="New group" description={<>The name is also how Cedar policies refer to the group: <code>Paved::Group::"name"</code>.</>} />
      <form className="form" onSubmit={submit}>
        <NameField
          label={labels.name}
          name="name"
          hint={NAME_HINT}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError('name')}
        />
        <TextArea label={labels.description} name="description" optional rows={3} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError('description')} />
        <ErrorBanner error={error} title="Could not create the group" labels={labels} focus />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? 'Creating…' : 'Create group'}
          </button>
          <Link to=".." relative="path" className="button button-secondary">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
