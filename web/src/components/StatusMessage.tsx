// A polite live region for outcomes ("Group payments created"): announced without stealing focus.
export function StatusMessage({ message }: { message?: string | null }) {
  return (
    <div className="status-region" role="status" aria-live="polite">
      {message ? <p className="banner banner-success">{message}</p> : null}
    </div>
  );
}
