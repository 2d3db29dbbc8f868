// A small API client for CLI commands: JSON in and out, problem+json errors turned into typed errors.
import { AuthenticationError, ConflictError, InputError, NotAllowedError, NotFoundError, PavedError, PreconditionFailedError, UnavailableError, type ErrorDetail } from '../kernel/errors.js';
import type { Credentials } from './credentials.js';

export interface ApiClient {
  request<T>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
}

class ServerError extends PavedError {
  readonly code: string;
  constructor(
    readonly status: number,
    code: string,
    message: string,
    details: ErrorDetail[],
  ) {
    super(message, details);
    this.code = code;
  }
}

function errorFor(status: number, code: string, message: string, details: ErrorDetail[]): PavedError {
  switch (status) {
    case 400:
      return new InputError(message, details);
    case 401:
      return new AuthenticationError(message, details);
    case 403:
      return new NotAllowedError(message, details);
    case 404:
      return new NotFoundError(message, details);
    case 409:
      return new ConflictError(message, details);
    case 412:
      return new PreconditionFailedError(message, details);
    default:
      return new ServerError(status, code, message, details);
  }
}

export function createClient(credentials: Credentials, fetchImpl: typeof fetch = fetch): ApiClient {
  return {
    async request<T>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<T> {
      let response: Response;
      try {
        response = await fetchImpl(credentials.url + path, {
          method,
          headers: {
            authorization: `Bearer ${credentials.token}`,
            accept: 'application/json',
            ...(body === undefined ? {} : { 'content-type': 'application/json' }),
            ...headers,
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        throw new UnavailableError(`cannot reach Paved at ${credentials.url}: ${(error as Error).cause ? String((error as Error & { cause: Error }).cause.message) : (error as Error).message}`);
      }
      const text = await response.text();
      const data = text ? (JSON.parse(text) as unknown) : undefined;
      if (!response.ok) {
        const p = (data ?? {}) as { detail?: string; code?: string; errors?: ErrorDetail[] };
        throw errorFor(response.status, p.code ?? 'error', p.detail ?? `${method} ${path} answered ${response.status}`, p.errors ?? []);
      }
      return data as T;
    },
  };
}
