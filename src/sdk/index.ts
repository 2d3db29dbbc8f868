// The Paved client SDK (`import { PavedClient } from 'paved/sdk'`): reads secrets and parameters with a
// small in-memory cache, so an application can ask for a value on every request without a round trip.
// Cached values live in the application's memory for `cacheTtlMs` (default 60 s, as the AWS caching
// clients default to an hour); a rotated secret is picked up after the TTL, or at once with
// `withSecret`, which re-reads the secret when the work using it fails (the single-user rotation window).

export interface PavedClientOptions {
  url: string;
  token: string;
  /** How long a value is served from memory. 0 disables caching. */
  cacheTtlMs?: number;
  /** Most values kept; the oldest is dropped first. */
  maxEntries?: number;
  fetch?: typeof fetch;
}

export class PavedApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'PavedApiError';
  }
}

export interface SecretValue {
  name: string;
  versionId: string;
  versionStages: string[];
  secretString?: string;
  secretBinary?: string;
  createdAt: string;
}

export interface Parameter {
  name: string;
  type: 'String' | 'StringList' | 'SecureString';
  value?: string;
  version: number;
  labels: string[];
  lastModifiedDate: string;
}

class TtlCache {
  private readonly entries = new Map<string, { value: unknown; expires: number }>();
  constructor(
    private readonly ttl: number,
    private readonly max: number,
  ) {}
  get<T>(key: string): T | undefined {
    const hit = this.entries.get(key);
    if (!hit) return undefined;
    if (hit.expires <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return hit.value as T;
  }
  set(key: string, value: unknown): void {
    if (this.ttl <= 0) return;
    if (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { value, expires: Date.now() + this.ttl });
  }
  deletePrefix(prefix: string): void {
    for (const k of this.entries.keys()) if (k.startsWith(prefix)) this.entries.delete(k);
  }
}

export class PavedClient {
  private readonly cache: TtlCache;
  private readonly base: string;
  private readonly doFetch: typeof fetch;
  /** How many requests reached the server (for tests and metrics). */
  requests = 0;

  constructor(private readonly options: PavedClientOptions) {
    this.cache = new TtlCache(options.cacheTtlMs ?? 60_000, options.maxEntries ?? 1000);
    this.base = options.url.replace(/\/+$/, '');
    this.doFetch = options.fetch ?? fetch;
  }

  private async get<T>(path: string): Promise<T> {
    this.requests++;
    const response = await this.doFetch(this.base + path, { headers: { authorization: `Bearer ${this.options.token}`, accept: 'application/json' } });
    const text = await response.text();
    const body = text ? (JSON.parse(text) as unknown) : undefined;
    if (!response.ok) {
      const p = (body ?? {}) as { code?: string; detail?: string };
      throw new PavedApiError(response.status, p.code ?? 'error', p.detail ?? `GET ${path} answered ${response.status}`);
    }
    return body as T;
  }

  /** A secret's value: CURRENT, or a label (`versionStage`) or `versionId`. Cached. */
  async getSecret(name: string, select: { versionStage?: string; versionId?: string; fresh?: boolean } = {}): Promise<SecretValue> {
    const q = new URLSearchParams();
    if (select.versionStage) q.set('versionStage', select.versionStage);
    if (select.versionId) q.set('versionId', select.versionId);
    const key = `secret:${name}\u0000${q}`;
    if (!select.fresh) {
      const hit = this.cache.get<SecretValue>(key);
      if (hit) return hit;
    }
    const value = await this.get<SecretValue>(`/api/v1/secrets/${encodeURIComponent(name)}/value${q.size ? `?${q}` : ''}`);
    this.cache.set(key, value);
    return value;
  }

  /** A JSON secret (e.g. database credentials) parsed. */
  async getSecretJson<T = Record<string, unknown>>(name: string, select: { versionStage?: string; fresh?: boolean } = {}): Promise<T> {
    const v = await this.getSecret(name, select);
    if (v.secretString === undefined) throw new PavedApiError(400, 'not_json', `secret ${name} is binary, not JSON`);
    return JSON.parse(v.secretString) as T;
  }

  /**
   * Runs `work` with the secret's CURRENT value; when it fails (a login refused just after a rotation),
   * re-reads the secret from the server and tries again, up to `attempts` times with `delayMs` between.
   */
  async withSecret<T>(name: string, work: (value: SecretValue) => Promise<T>, { attempts = 5, delayMs = 100 } = {}): Promise<T> {
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      const value = await this.getSecret(name, { fresh: i > 0 });
      try {
        return await work(value);
      } catch (error) {
        lastError = error;
        this.invalidateSecret(name);
        if (i < attempts - 1) await new Promise((r) => setTimeout(r, delayMs));
      }
    }
    throw lastError;
  }

  invalidateSecret(name: string): void {
    this.cache.deletePrefix(`secret:${name}\u0000`);
  }

  /** A parameter (SecureString values need `withDecryption`). Cached. */
  async getParameter(name: string, select: { withDecryption?: boolean; version?: number; label?: string; fresh?: boolean } = {}): Promise<Parameter> {
    const q = new URLSearchParams({ name });
    if (select.withDecryption) q.set('withDecryption', 'true');
    if (select.version) q.set('version', String(select.version));
    if (select.label) q.set('label', select.label);
    const key = `param:${q}`;
    if (!select.fresh) {
      const hit = this.cache.get<Parameter>(key);
      if (hit) return hit;
    }
    const value = await this.get<Parameter>(`/api/v1/params?${q}`);
    this.cache.set(key, value);
    return value;
  }

  /** Parameters under a path, as a map from name to value. Cached as a whole. */
  async getParametersByPath(path: string, select: { recursive?: boolean; withDecryption?: boolean; fresh?: boolean } = {}): Promise<Map<string, Parameter>> {
    const q = new URLSearchParams({ path });
    if (select.recursive) q.set('recursive', 'true');
    if (select.withDecryption) q.set('withDecryption', 'true');
    const key = `path:${q}`;
    let items = select.fresh ? undefined : this.cache.get<Parameter[]>(key);
    if (!items) {
      items = (await this.get<{ items: Parameter[] }>(`/api/v1/params/by-path?${q}`)).items;
      this.cache.set(key, items);
    }
    return new Map(items.map((p) => [p.name, p]));
  }
}
