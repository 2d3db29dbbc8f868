// A failed page load, explained: the server answers a denied read with 404 (so it does not reveal what
// exists), which for a list page almost always means "no permission".
import { ApiError } from '../api';
import { ErrorBanner } from '../components/ErrorBanner';

export function LoadError({ error, what }: { error: unknown; what: string }) {
  if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
    return (
      <div className="banner banner-info" role="alert">
        <p>
          <strong>{what} are not available to your account.</strong>
        </p>
        <p>Either they do not exist or a Cedar policy does not allow you to see them. Ask an administrator for access.</p>
      </div>
    );
  }
  return <ErrorBanner error={error} title={`Could not load ${what.toLowerCase()}`} />;
}
