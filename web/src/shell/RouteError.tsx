// Shown when a page fails to render or its code fails to load (for example after an upgrade replaced the
// chunk it asked for): says so and offers a reload instead of a blank screen.
import { useRouteError } from 'react-router';
import { ErrorBanner } from '../components/ErrorBanner';

export function RouteError() {
  const error = useRouteError();
  return (
    <div className="content" role="main" id="main">
      <h1>This page could not be shown</h1>
      <ErrorBanner error={error} />
      <p>
        <button type="button" className="button-primary" onClick={() => window.location.reload()}>
          Reload the page
        </button>
      </p>
    </div>
  );
}
