// The signed-in principal and sign-out, as a disclosure (a button that shows a panel): simpler for
// assistive technology than an ARIA menu, and Escape or a click elsewhere closes it.
import { useEffect, useId, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { ErrorBanner } from '../components/ErrorBanner';
import { useSession, type Whoami } from '../session';

export function UserMenu({ me }: { me: Whoami }) {
  const { signOut } = useSession();
  const navigate = useNavigate();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') {
        setOpen(false);
        button.current?.focus();
      }
    };
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('keydown', onKey);
    document.addEventListener('pointerdown', onPointer);
    return () => {
      document.removeEventListener('keydown', onKey);
      document.removeEventListener('pointerdown', onPointer);
    };
  }, [open]);

  async function handleSignOut() {
    setError(undefined);
    try {
      await signOut();
      navigate('/sign-in', { replace: true });
    } catch (failure) {
      setError(failure);
    }
  }

  return (
    <div className="user-menu" ref={root}>
      <button
        type="button"
        ref={button}
        className="button-ghost user-menu-button"
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((o) => !o)}
      >
        <span className="avatar" aria-hidden="true">
          {me.name.slice(0, 1).toUpperCase()}
        </span>
        {/* On a phone the name is hidden visually but still names the button for screen readers. */}
        <span className="user-menu-name">{me.name}</span>
        <span className="visually-hidden">, account menu</span>
      </button>
      <div id={panelId} className="user-menu-panel" hidden={!open}>
        <p>
          Signed in as <strong>{me.name}</strong>
          <br />
          <span className="muted">{me.type === 'service' ? 'Service account' : 'User'}</span>
        </p>
        <p className="muted">Groups: {me.groups.length ? me.groups.join(', ') : 'none'}</p>
        <ErrorBanner error={error} title="Could not sign out" />
        <button type="button" className="button-secondary" onClick={handleSignOut}>
          Sign out
        </button>
      </div>
    </div>
  );
}
