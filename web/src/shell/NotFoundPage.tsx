import { Link, useLocation } from 'react-router';
import { PageHeader } from '../components/PageHeader';

export function NotFoundPage() {
  const location = useLocation();
  return (
    <>
      <PageHeader title="Page not found" />
      <p>
        There is no page at <code>{location.pathname}</code>. <Link to="/">Go to the home page</Link>.
      </p>
    </>
  );
}
