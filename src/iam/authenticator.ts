// Resolves credentials to principals. Lookups are cached for a few seconds: an authenticated GET then
// costs no database round trip for identity. Changes made through this replica (revoking a token,
// changing groups) clear the cache at once; other replicas see them within CACHE_MS.
import type { Db } from '../kernel/db/database.js';
import type { Principal } from '../kernel/http/context.js';
import type { Authenticator } from '../kernel/http/security.js';
import { sha256Hex } from '../kernel/ids.js';
import { groupStore, sessionStore, tokenStore } from './store.js';

const CACHE_MS = 5_000;
/** last_used_at is a write; record it at most once a minute per token. */
const TOUCH_MS = 60_000;
const MAX_ENTRIES = 50_000;

interface Cached {
  principal: Principal | undefined;
  until: number;
}

export class CachingAuthenticator implements Authenticator {
  private readonly cache = new Map<string, Cached>();
  private readonly touched = new Map<string, number>();

  constructor(private readonly db: Db) {}

  clear(): void {
    this.cache.clear();
  }

  async fromToken(token: string): Promise<Principal | undefined> {
    const hash = sha256Hex(token);
    return this.cached(`t:${hash}`, async () => {
      const row = await tokenStore.findLive(this.db, hash);
      if (!row) return undefined;
      if (row.expires_at && new Date(row.expires_at).getTime() < Date.now() + CACHE_MS) this.cache.delete(`t:${hash}`);
      this.touch(row.id);
      return {
        type: row.principal_type,
        id: row.principal_id,
        name: row.principal_name,
        groups: await groupStore.transitiveGroups(this.db, row.principal_type, row.principal_id),
        via: 'token',
        tokenId: row.id,
      };
    });
  }

  async fromSession(sessionId: string): Promise<Principal | undefined> {
    const hash = sha256Hex(sessionId);
    return this.cached(`s:${hash}`, async () => {
      const row = await sessionStore.findLive(this.db, hash);
      if (!row) return undefined;
      return {
        type: 'user',
        id: row.user_id,
        name: row.name,
        groups: await groupStore.transitiveGroups(this.db, 'user', row.user_id),
        via: 'session',
        csrfToken: row.csrf_token,
      };
    });
  }

  private async cached(key: string, load: () => Promise<Principal | undefined>): Promise<Principal | undefined> {
    const now = Date.now();
    const hit = this.cache.get(key);
    if (hit && hit.until > now) return hit.principal;
    const principal = await load();
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    // Unknown credentials are cached too, so a flood of bad tokens does not become a flood of queries.
    this.cache.set(key, { principal, until: now + CACHE_MS });
    return principal;
  }

  private touch(tokenId: string): void {
    const now = Date.now();
    if ((this.touched.get(tokenId) ?? 0) + TOUCH_MS > now) return;
    this.touched.set(tokenId, now);
    void tokenStore.touch(this.db, tokenId).catch(() => undefined);
  }
}
