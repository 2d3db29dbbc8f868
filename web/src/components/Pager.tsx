// Previous/next controls for cursor pagination. The server hands out a cursor for the next page only, so
// the cursors of the pages already seen are kept to go back.
import { useCallback, useState } from 'react';

export interface PagerState {
  cursor: string | undefined;
  pageNumber: number;
  next(cursor: string): void;
  previous(): void;
  reset(): void;
}

export function usePager(): PagerState {
  const [stack, setStack] = useState<(string | undefined)[]>([undefined]);
  const next = useCallback((cursor: string) => setStack((s) => [...s, cursor]), []);
  const previous = useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []);
  const reset = useCallback(() => setStack([undefined]), []);
  return { cursor: stack[stack.length - 1], pageNumber: stack.length, next, previous, reset };
}

export function Pager({ pager, nextCursor, label }: { pager: PagerState; nextCursor: string | null | undefined; label: string }) {
  if (pager.pageNumber === 1 && !nextCursor) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" className="button-secondary" onClick={pager.previous} disabled={pager.pageNumber === 1}>
        Previous page
      </button>
      <span className="pager-position">Page {pager.pageNumber}</span>
      <button type="button" className="button-secondary" onClick={() => nextCursor && pager.next(nextCursor)} disabled={!nextCursor}>
        Next page
      </button>
    </nav>
  );
}
