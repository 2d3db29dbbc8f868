// Shows a failed request: the problem's detail, its field errors, and when to retry. role="alert" makes
// screen readers announce it as soon as it appears; it takes focus only when asked (after a form submit).
import { useEffect, useRef } from 'react';
import { ApiError, stripLocation } from '../api';

interface Props {
  error: unknown;
  /** Heading shown above the detail, e.g. "Could not create the group". */
  title?: string;
  /** Move keyboard focus to the banner when it appears (use after a submit). */
  focus?: boolean;
  /** Field labels by body path (`name` → "Name") so errors read as the form does. */
  labels?: Record<string, string>;
  id?: string;
}

export function ErrorBanner({ error, title, focus, labels, id }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error && focus) ref.current?.focus();
  }, [error, focus]);
  if (!error) return null;

  const apiError = error instanceof ApiError ? error : undefined;
  const detail = apiError ? apiError.problem.detail || apiError.problem.title : error instanceof Error ? error.message : String(error);
  const fieldErrors = apiError?.problem.errors ?? [];
  return (
    <div className="banner banner-error" role="alert" tabIndex={-1} ref={ref} id={id} data-testid="error-banner">
      <p className="banner-title">
        <strong>{title ?? apiError?.problem.title ?? 'Something went wrong'}</strong>
        {apiError && apiError.status > 0 ? <span className="banner-code"> ({apiError.status} {apiError.problem.code})</span> : null}
      </p>
      {detail ? <p className="banner-detail">{detail}</p> : null}
      {fieldErrors.length > 0 ? (
        <ul className="banner-errors">
          {fieldErrors.map((fieldError, index) => {
            const path = stripLocation(fieldError.path);
            return (
              <li key={index}>
                {path ? <span className="banner-path">{labels?.[path] ?? path}: </span> : null}
                <span className="pre-wrap">{fieldError.message}</span>
              </li>
            );
          })}
        </ul>
      ) : null}
      {apiError?.retryAfterSeconds !== undefined ? <p>Try again in {formatSeconds(apiError.retryAfterSeconds)}.</p> : null}
      {apiError?.problem.instance ? <p className="banner-instance">Reference: {apiError.problem.instance}</p> : null}
    </div>
  );
}

function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}
