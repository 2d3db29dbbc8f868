// Portal sign-in: password (argon2id) or an API token exchanged for a session cookie. Repeated failures
// lock the account with exponential backoff; the answer for an unknown user takes as long as for a
// wrong password, so sign-in does not reveal which names exist.
import { randomBytes } from 'node:crypto';
import type { Db } from '../kernel/db/database.js';
import type { AuditLog } from '../kernel/audit/audit-log.js';
import { AuthenticationError, TooManyRequestsError } from '../kernel/errors.js';
import type { Principal } from '../kernel/http/context.js';
import { sha256Hex } from '../kernel/ids.js';
import type { CachingAuthenticator } from './authenticator.js';
import { dummyHash, verifyPassword } from './passwords.js';
import { groupStore, sessionStore, userStore } from './store.js';

export const SESSION_HOURS = 12;
/** Failures allowed before the account locks; each further failure doubles the lock (1 min … 1 h). */
const FREE_FAILURES = 5;

export interface SignInResult {
  sessionId: string;
  principal: Principal;
  expiresAt: Date;
}

export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly authenticator: CachingAuthenticator,
  ) {}

  async signInWithPassword(username: string, password: string, meta: { requestId: string; sourceIp: string | null }): Promise<SignInResult> {
    const user = await userStore.get(this.db, username.toLowerCase());
    if (user?.locked_until && new Date(user.locked_until).getTime() > Date.now()) {
      const seconds = Math.ceil((new Date(user.locked_until).getTime() - Date.now()) / 1000);
      await this.record(username, 'denied', meta, { reason: 'locked' });
      throw new TooManyRequestsError(`too many failed sign-ins; try again in ${seconds} s`, seconds);
    }
    const ok = user?.password_hash && !user.disabled ? await verifyPassword(user.password_hash, password) : (await verifyPassword(await dummyHash(), password), false);
    if (!user || !ok) {
      if (user) {
        const failures = Number(user.failed_logins) + 1;
        const lockedUntil = failures >= FREE_FAILURES ? new Date(Date.now() + Math.min(60, 2 ** (failures - FREE_FAILURES)) * 60_000) : null;
        await userStore.recordLogin(this.db, user.id, false, lockedUntil);
      }
      await this.record(username, 'denied', meta, { reason: 'bad credentials' });
      throw new AuthenticationError('wrong user name or password');
    }
    await userStore.recordLogin(this.db, user.id, true, null);
    return this.open({ type: 'user', id: user.id, name: user.name }, meta);
  }

  async signInWithToken(token: string, meta: { requestId: string; sourceIp: string | null }): Promise<SignInResult> {
    const principal = await this.authenticator.fromToken(token);
    if (!principal || principal.type !== 'user') {
      await this.record(principal?.name ?? 'unknown', 'denied', meta, { reason: principal ? 'service accounts cannot sign in to the portal' : 'bad token' });
      throw new AuthenticationError(principal ? 'service accounts cannot sign in to the portal' : 'the token is invalid, expired or revoked');
    }
    return this.open({ type: 'user', id: principal.id, name: principal.name }, meta);
  }

  async signOut(sessionId: string): Promise<void> {
    await sessionStore.delete(this.db, sha256Hex(sessionId));
    this.authenticator.clear();
  }

  private async open(who: { type: 'user'; id: string; name: string }, meta: { requestId: string; sourceIp: string | null }): Promise<SignInResult> {
    const sessionId = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(24).toString('base64url');
    const expiresAt = new Date(Date.now() + SESSION_HOURS * 3_600_000);
    await this.db.transaction(async (tx) => {
      await sessionStore.insert(tx, { idHash: sha256Hex(sessionId), userId: who.id, csrfToken, expiresAt });
      await this.audit.append({ actor: `user:${who.name}`, action: 'auth:SignIn', resource: `User:${who.id}`, outcome: 'success', ...meta }, tx);
    });
    const groups = await groupStore.transitiveGroups(this.db, 'user', who.id);
    return { sessionId, expiresAt, principal: { type: 'user', id: who.id, name: who.name, groups, via: 'session', csrfToken } };
  }

  private async record(name: string, outcome: 'denied', meta: { requestId: string; sourceIp: string | null }, details: Record<string, unknown>) {
    await this.audit.append({ actor: `user:${name}`, action: 'auth:SignIn', resource: `User:${name}`, outcome, ...meta, details });
  }
}
