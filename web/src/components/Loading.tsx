// A loading indicator announced politely to screen readers; shown only after a short delay so fast
// answers do not flash it.
import { useEffect, useState } from 'react';

export function Loading({ label = 'Loading…', delayMs = 150 }: { label?: string; delayMs?: number }) {
  const [shown, setShown] = useState(delayMs === 0);
  useEffect(() => {
    const timer = setTimeout(() => setShown(true), delayMs);
    return () => clearTimeout(timer);
  }, [delayMs]);
  return (
    <p className="loading" role="status" aria-live="polite" aria-busy="true">
      {shown ? (
        <>
          <span className="spinner" aria-hidden="true" />
          {label}
        </>
      ) : null}
    </p>
  );
}
