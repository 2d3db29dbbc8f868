// First start on an empty database: create the `admins` group, the `admin` user in it, and an admin
// API token written to $PAVED_HOME/bootstrap-token (mode 0600). A marker written last makes sure this
// happens once per database, never again (even if the admin is later deleted).
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../kernel/db/database.js';
import type { IdentityService } from './service.js';
import { ConflictError } from '../kernel/errors.js';

const MARKER = 'iam.bootstrapped';

export interface BootstrapResult {
  token: string;
  tokenFile: string;
}

export async function bootstrapIdentity(db: Db, identity: IdentityService, home: string): Promise<BootstrapResult | undefined> {
  const done = await db.query('SELECT 1 FROM kv_settings WHERE key = $1', [MARKER]);
  if (done.rowCount > 0) return undefined;
  const ctx = { system: 'bootstrap' };
  // Each step tolerates an earlier, interrupted bootstrap having done it already.
  await identity.createGroup(ctx, { name: 'admins', description: 'Administrators: may do everything' }).catch(ignoreConflict);
  await identity.createUser(ctx, { name: 'admin', displayName: 'Administrator' }).catch(ignoreConflict);
  await identity.addMember(ctx, 'admins', { type: 'user', id: 'admin' });
  const { token } = await identity.createToken(ctx, { type: 'user', id: 'admin' }, { description: 'bootstrap token (created on first start)' });
  const tokenFile = join(home, 'bootstrap-token');
  writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
  await db.query('INSERT INTO kv_settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [MARKER, JSON.stringify({ at: new Date().toISOString() })]);
  return { token, tokenFile };
}

function ignoreConflict(error: unknown): void {
  if (!(error instanceof ConflictError)) throw error;
}
