// The portal's only way to talk to the server: same-origin JSON over fetch. It turns every failure into a
// typed ApiError carrying the server's problem+json (RFC 9457), adds the CSRF header that cookie-authenticated
// writes need, and reports 401s so the session layer can send the user back to the sign-in page.

/** One field-level error of a problem+json answer, e.g. `{ path: 'body.name', message: 'too long' }`. */
export interface FieldError {
  path: string;
  message: string;
}

/** The problem+json body every Paved error answers with. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  /** Paved's stable machine-readable code, e.g. `invalid_input`, `not_found`. */
  code: string;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

export class ApiError extends Error {
  readonly problem: Problem;
  /** Seconds to wait before retrying, from Retry-After on 429/503 answers. */
  readonly retryAfterSeconds?: number;

  constructor(problem: Problem, retryAfterSeconds?: number) {
    super(problem.detail || problem.title);
    this.name = 'ApiError';
    this.problem = problem;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  get status(): number {
    return this.problem.status;
  }

  /** The message of the field error at `path` (with or without the `body.` / `query.` prefix). */
  fieldError(path: string): string | undefined {
    return this.problem.errors?.find((e) => e.path === path || stripLocation(e.path) === path)?.message;
  }
}

/** `body.members.0.id` → `members.0.id`: forms name their fields after the body, not the request part. */
export function stripLocation(path: string): string {
  return path.replace(/^(body|query|params|header)\.?/, '');
}

export const CSRF_HEADER = 'x-csrf-token';

// The CSRF token lives in memory only (never in storage a script on another tab could read): it comes
// from sign-in and from whoami, and is lost with the page, when whoami hands it out again.
let csrfToken: string | undefined;
let unauthorizedListener: ((error: ApiError) => void) | undefined;

export function setCsrfToken(token: string | undefined): void {
  csrfToken = token;
}

/** Called on any 401 of a request that did not opt out; the session layer signs the user out locally. */
export function onUnauthorized(listener: ((error: ApiError) => void) | undefined): void {
  unauthorizedListener = listener;
}

export type Query = Record<string, string | number | boolean | undefined | null>;

export interface RequestOptions {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  query?: Query;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Do not treat a 401 as "the session ended" (sign-in itself and the first whoami). */
  expectUnauthorized?: boolean;
}

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const text = params.toString();
  return text ? `${path}${path.includes('?') ? '&' : '?'}${text}` : path;
}

export async function request<T>(path: string, options: RequestOptions = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json, application/problem+json', ...options.headers };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;

  let response: Response;
  try {
    response = await fetch(withQuery(path, options.query), {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw new ApiError({
      type: 'about:blank',
      title: 'Network error',
      status: 0,
      code: 'network_error',
      detail: 'Could not reach the Paved server. Check that it is running and that you are online.',
    });
  }

  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const type = response.headers.get('content-type') ?? '';
    return (type.includes('json') ? await response.json() : await response.text()) as T;
  }

  const error = new ApiError(await readProblem(response), retryAfter(response));
  if (error.status === 401 && !options.expectUnauthorized) unauthorizedListener?.(error);
  throw error;
}

async function readProblem(response: Response): Promise<Problem> {
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text) as Partial<Problem>;
    if (body && typeof body === 'object' && (typeof body.detail === 'string' || typeof body.title === 'string')) {
      return {
        type: body.type ?? 'about:blank',
        title: body.title ?? response.statusText,
        status: typeof body.status === 'number' ? body.status : response.status,
        code: body.code ?? `http_${response.status}`,
        detail: body.detail ?? '',
        instance: body.instance,
        errors: Array.isArray(body.errors) ? body.errors.filter(isFieldError) : undefined,
      };
    }
  } catch {
    // Not JSON (a proxy's HTML error page, say): described below from the status alone.
  }
  return {
    type: 'about:blank',
    title: response.statusText || `HTTP ${response.status}`,
    status: response.status,
    code: `http_${response.status}`,
    detail: `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`,
  };
}

function isFieldError(value: unknown): value is FieldError {
  return typeof value === 'object' && value !== null && typeof (value as FieldError).path === 'string' && typeof (value as FieldError).message === 'string';
}

function retryAfter(response: Response): number | undefined {
  const header = response.headers.get('retry-after');
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}

export const api = {
  get: <T>(path: string, query?: Query, options: RequestOptions = {}) => request<T>(path, { ...options, query }),
  post: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T = void>(path: string, options: RequestOptions = {}) => request<T>(path, { ...options, method: 'DELETE' }),
};

/** A list page as every Paved list endpoint returns it. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** An `If-Match` header for optimistic concurrency: the write fails with 412 if someone changed it meanwhile. */
export function ifMatch(version: number | undefined): Record<string, string> {
  return version === undefined ? {} : { 'if-match': `"${version}"` };
}

/** Encodes one path segment (names are DNS-label-like, but never trust that in a URL). */
export const seg = (value: string) => encodeURIComponent(value);
