import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../../api';
import { ErrorBanner } from '../../components/ErrorBanner';
import { TextField } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { NAME_HINT, type User } from '../model';
import { NameField } from '../NameField';

const labels = { name: 'Username', displayName: 'Display name', email: 'Email', password: 'Password', groups: 'Groups' };

export function CreateUserPage() {
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [groups, setGroups] = useState('');
  const [error, setError] = useState<unknown>();
  const [saving, setSaving] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    const groupNames = groups
      .split(/[\s,]+/)
      .map((g) => g.trim())
      .filter(Boolean);
    try {
      const user = await api.post<User>('/api/v1/iam/users', {
        name: name.trim(),
        ...(displayName.trim() ? { displayName: displayName.trim() } : {}),
        ...(email.trim() ? { email: email.trim() } : {}),
        ...(password ? { password } : {}),
        ...(groupNames.length ? { groups: groupNames } : {}),
      });
      navigate('..', { relative: 'path', state: { created: user.name } });
    } catch (failure) {
      setError(failure);
      setSaving(false);
    }
  }

  const fieldError = (path: string) => (error instanceof ApiError ? error.fieldError(path) : undefined);

  return (
    <>
      <PageHeader title="New user" description="The user signs in with the password you set here, or with API tokens created for them." />
      <form className="form" onSubmit={submit}>
        <NameField
          label={labels.name}
          name="name"
          hint={NAME_HINT}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fieldError('name')}
        />
        <TextField label={labels.displayName} name="displayName" optional maxLength={200} value={displayName} onChange={(e) => setDisplayName(e.target.value)} error={fieldError('displayName')} />
        <TextField label={labels.email} name="email" type="email" optional autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)} error={fieldError('email')} />
        <TextField
          label={labels.password}
          name="password"
          type="password"
          optional
          minLength={12}
          autoComplete="new-password"
          hint="At least 12 characters. Leave empty for an account that uses API tokens only."
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={fieldError('password')}
        />
        <TextField
          label={labels.groups}
          name="groups"
          optional
          autoCapitalize="none"
          spellCheck={false}
          hint="Group names separated by commas or spaces. The groups must exist."
          value={groups}
          onChange={(e) => setGroups(e.target.value)}
          error={fieldError('groups')}
        />
        <ErrorBanner error={error} title="Could not create the user" labels={labels} focus />
        <div className="form-actions">
          <button type="submit" className="button-primary" disabled={saving}>
            {saving ? 'Creating…' : 'Create user'}
          </button>
          <Link to=".." relative="path" className="button button-secondary">
            Cancel
          </Link>
        </div>
      </form>
    </>
  );
}
