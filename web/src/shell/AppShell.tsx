// The frame of every signed-in page: a skip link, the header with the user menu, the section navigation
// (built from the registry) and the main landmark. On a narrow screen the navigation folds behind a button.
import { useEffect, useRef, useState } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router';
import { navigationGroups, visibleSections } from '../sections';
import { useMe } from '../session';
import { UserMenu } from './UserMenu';

export function AppShell() {
  const me = useMe();
  const location = useLocation();
  const [navOpen, setNavOpen] = useState(false);
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  const groups = navigationGroups(visibleSections(me));

  // After client-side navigation, move focus to the new page (as a full page load would) so keyboard and
  // screen-reader users start at its content, not on the link they left.
  useEffect(() => {
    setNavOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    const heading = main.current?.querySelector<HTMLElement>('h1');
    if (heading) {
      heading.tabIndex = -1;
      heading.focus();
    } else {
      main.current?.focus();
    }
  }, [location.pathname]);

  return (
    <div className="shell">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <button
          type="button"
          className="nav-toggle button-ghost"
          aria-expanded={navOpen}
          aria-controls="primary-navigation"
          onClick={() => setNavOpen((open) => !open)}
        >
          <span aria-hidden="true">☰</span> Menu
        </button>
        <Link to="/" className="brand">
          <span className="brand-mark" aria-hidden="true" />
          <span className="brand-name">Paved</span>
        </Link>
        <UserMenu me={me} />
      </header>
      <div className="shell-body">
        <nav id="primary-navigation" className={`sidebar${navOpen ? ' sidebar-open' : ''}`} aria-label="Sections">
          <ul className="nav-list">
            <li>
              <NavLink to="/" end>
                Home
              </NavLink>
            </li>
          </ul>
          {groups.map(({ group, sections }) => (
            <div key={group ?? '-'} className="nav-group">
              {group ? <h2 className="nav-group-title" id={`nav-${slug(group)}`}>{group}</h2> : null}
              <ul className="nav-list" aria-labelledby={group ? `nav-${slug(group)}` : undefined}>
                {sections.map((section) => (
                  <li key={section.id}>
                    <NavLink to={section.path} data-testid={`nav-${section.id}`}>
                      {section.title}
                    </NavLink>
                  </li>
                ))}
              </ul>
            </div>
          ))}
        </nav>
        <main id="main" ref={main} tabIndex={-1} className="content">
          <Outlet />
        </main>
      </div>
    </div>
  );
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-');
