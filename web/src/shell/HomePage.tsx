// The landing page after sign-in: who you are and what this installation offers (every registered
// section you may use), so a new user sees where to go next.
import { Link } from 'react-router';
import { PageHeader } from '../components/PageHeader';
import { visibleSections } from '../sections';
import { useMe } from '../session';

export function HomePage() {
  const me = useMe();
  const sections = visibleSections(me);
  return (
    <>
      <PageHeader title={`Welcome, ${me.name}`} description="Paved is your internal developer platform. Pick a section to start." />
      {sections.length === 0 ? (
        <p>No sections are available to your account yet. Ask an administrator for access.</p>
      ) : (
        <ul className="card-grid">
          {sections.map((section) => (
            <li key={section.id} className="card">
              <h2>
                <Link to={section.path}>{section.title}</Link>
              </h2>
              {section.group ? <p className="muted card-group">{section.group}</p> : null}
              <p>{section.description}</p>
            </li>
          ))}
        </ul>
      )}
      <section className="panel" aria-labelledby="identity-heading">
        <h2 id="identity-heading">Your identity</h2>
        <dl className="facts">
          <dt>Name</dt>
          <dd>{me.name}</dd>
          <dt>Kind</dt>
          <dd>{me.type === 'service' ? 'Service account' : 'User'}</dd>
          <dt>Groups</dt>
          <dd>{me.groups.length ? me.groups.join(', ') : 'none'}</dd>
        </dl>
      </section>
    </>
  );
}
