// The PostgreSQL rotator (single user): the secret is JSON {host, port, username, password, dbname}.
// setSecret connects as the user with CURRENT's password and changes its own password to PENDING's;
// testSecret connects with PENDING (and runs config.testQuery when given); rollback sets CURRENT's
// password back. The password is sent to PostgreSQL as a SCRAM-SHA-256 verifier computed here, so the
// clear password never appears in the server's statement log.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import pg from 'pg';
import { InputError } from '../../kernel/errors.js';
import { randomPassword } from './password.js';
import { RotationStepError, type RotationContext, type Rotator, type SecretBytes } from './rotator.js';

export interface PgSecret {
  host: string;
  port?: number;
  username: string;
  password: string;
  dbname?: string;
  ssl?: boolean;
}

export function parsePgSecret(value: SecretBytes | undefined, which: string): PgSecret {
  if (!value || value.kind !== 'string') throw new RotationStepError(`${which} is not a JSON string value`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(value.bytes.toString('utf8'));
  } catch {
    throw new RotationStepError(`${which} is not JSON; the postgres rotator needs {host, port, username, password, dbname}`);
  }
  const p = parsed as Partial<PgSecret>;
  for (const field of ['host', 'username', 'password'] as const) {
    if (typeof p[field] !== 'string' || !p[field]) throw new RotationStepError(`${which} has no "${field}" string`);
  }
  return p as PgSecret;
}

/** SCRAM-SHA-256 verifier as PostgreSQL stores it (RFC 5802/7677; iterations as PostgreSQL's default). */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16), iterations = 4096): string {
  const salted = pbkdf2Sync(password.normalize('NFKC'), salt, iterations, 32, 'sha256');
  const clientKey = createHmac('sha256', salted).update('Client Key').digest();
  const storedKey = createHash('sha256').update(clientKey).digest();
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  return `SCRAM-SHA-256$${iterations}:${salt.toString('base64')}$${storedKey.toString('base64')}:${serverKey.toString('base64')}`;
}

/** Whether a stored SCRAM verifier matches a password (tests use it to prove what the role's password is). */
export function scramMatches(verifier: string, password: string): boolean {
  const m = /^SCRAM-SHA-256\$(\d+):([^$]+)\$([^:]+):(.+)$/.exec(verifier);
  if (!m) return false;
  return scramVerifier(password, Buffer.from(m[2]!, 'base64'), Number(m[1])) === verifier;
}

async function connect(s: PgSecret, signal: AbortSignal): Promise<pg.Client> {
  const client = new pg.Client({ host: s.host, port: s.port ?? 5432, user: s.username, password: s.password, database: s.dbname ?? s.username, ssl: s.ssl ? { rejectUnauthorized: true } : undefined, connectionTimeoutMillis: 10_000 });
  const onAbort = () => void client.end().catch(() => undefined);
  signal.addEventListener('abort', onAbort, { once: true });
  try {
    await client.connect();
  } catch (error) {
    signal.removeEventListener('abort', onAbort);
    throw new RotationStepError(`cannot connect to ${s.host}:${s.port ?? 5432} as ${s.username}: ${(error as Error).message}`);
  }
  return client;
}

async function setPassword(as: PgSecret, role: string, password: string, signal: AbortSignal): Promise<void> {
  const client = await connect(as, signal);
  try {
    // format() quotes the role name and the verifier on the server, so neither can inject SQL.
    const { rows } = await client.query<{ sql: string }>('SELECT format($$ALTER ROLE %I PASSWORD %L$$, $1::text, $2::text) AS sql', [role, scramVerifier(password)]);
    await client.query(rows[0]!.sql);
  } catch (error) {
    if (error instanceof RotationStepError) throw error;
    throw new RotationStepError(`ALTER ROLE ${role} failed: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function works(s: PgSecret, signal: AbortSignal, query = 'SELECT 1'): Promise<void> {
  const client = await connect(s, signal);
  try {
    await client.query(query);
  } catch (error) {
    throw new RotationStepError(`the test query failed as ${s.username}: ${(error as Error).message}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export const postgresRotator: Rotator = {
  name: 'postgres',
  validateConfig(config) {
    if (config.testQuery !== undefined && (typeof config.testQuery !== 'string' || !config.testQuery.trim())) throw new InputError('config.testQuery must be a SQL string', [{ path: 'config.testQuery', message: 'invalid' }]);
    if (config.passwordLength !== undefined && (!Number.isInteger(config.passwordLength) || Number(config.passwordLength) < 16 || Number(config.passwordLength) > 99)) {
      throw new InputError('config.passwordLength must be an integer from 16 to 99', [{ path: 'config.passwordLength', message: String(config.passwordLength) }]);
    }
  },
  async createSecret(ctx) {
    const current = parsePgSecret(await ctx.current(), 'CURRENT');
    // Letters and digits only: safe in every connection string and shell without quoting.
    const password = randomPassword({ length: Number(ctx.config.passwordLength ?? 32), excludePunctuation: true });
    return { kind: 'string', bytes: Buffer.from(JSON.stringify({ ...current, password })) };
  },
  async setSecret(ctx) {
    const pending = parsePgSecret(await ctx.pending(), 'PENDING');
    const current = parsePgSecret(await ctx.current(), 'CURRENT');
    try {
      await setPassword(current, pending.username, pending.password, ctx.signal);
    } catch (error) {
      // CURRENT no longer logs in when this step is repeated after a restart: the password was already
      // changed, so PENDING's credentials work; setting it again is harmless.
      try {
        await setPassword(pending, pending.username, pending.password, ctx.signal);
      } catch {
        throw error;
      }
    }
  },
  async testSecret(ctx) {
    await works(parsePgSecret(await ctx.pending(), 'PENDING'), ctx.signal, typeof ctx.config.testQuery === 'string' ? ctx.config.testQuery : 'SELECT 1');
  },
  async finishSecret() {},
  async rollback(ctx) {
    const current = parsePgSecret(await ctx.current(), 'CURRENT');
    let pending: PgSecret | undefined;
    try {
      pending = parsePgSecret(await ctx.pending(), 'PENDING');
    } catch {
      return; // no PENDING version: setSecret never ran
    }
    try {
      await setPassword(pending, current.username, current.password, ctx.signal);
    } catch {
      // PENDING's password does not work: setSecret never changed it, so CURRENT still works.
      await works(current, ctx.signal);
    }
  },
};
