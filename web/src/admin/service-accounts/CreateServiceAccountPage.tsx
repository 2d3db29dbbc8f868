import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError, seg } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextArea, TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { NAME_HINT, NAME_PATTERN, type ServiceAccount } from '../model';
import { NameField } from '../NameField';

const labels = { name: 'Name', description: 'Description', owner: 'Owning group' };

export function CreateServiceAccountPage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      const account = await api.post<ServiceAccount>('/api/v1/iam/service-accounts', {
        name: name.trim(),
        ...(description.trim() ? { description: description.trim() } : {}),
        ...(owner.trim() ? { owner: owner.trim() } : {}),
      });
      navigate(`../${seg(account.id)}`, { relative: 'path' });
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  }

  const fieldError = (path: string) => (error instanceof ApiError ? error.fieldError(path) : undefined);
  return (
    <>
      <PageHeader title="New service account" description="After creating it, create an API token for the program that will use it." />
      <form className="form" onSubmit={submit}>
        <NameField
          label={labels.name}
          name="name"
          hint={NAME_HINT}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError('name')}
        />
        <TextArea label={labels.description} name="description" optional rows={2} maxLength={2000} value={description} onChange={(e) => setDescription(e.target.value)} error={fieldError('description')} />
        <TextField
          label={labels.owner}
          name="owner"
          optional
          maxLength={63}
          pattern={NAME_PATTERN}
          autoCapitalize="none"
          spellCheck={false}
          hint="Members of this group may manage the account and its tokens."
          value={owner}
          onChange={(e) => setOwner(e.target.value)}
          error={fieldError('owner')}
        />
        <ErrorBanner error={error} title="Could not create the service account" labels={labels} focus />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? 'Creating…' : 'Create service account'}
          </button>
          <Link to=".." relative="path" className="button button-secondary">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
