// The rotator contract: the four steps of AWS Secrets Manager rotation. The worker (worker.ts) stores
// what createSecret returns as the PENDING version and moves the labels in finishSecret; a rotator only
// talks to the target system. Every step must be safe to run again (a restarted server repeats the
// step it was in), and rollback must make CURRENT work again after setSecret ran.

export interface SecretBytes {
  kind: 'string' | 'binary';
  bytes: Buffer;
}

export interface RotationContext {
  secretName: string;
  rotationId: string;
  pendingVersionId: string;
  config: Record<string, unknown>;
  /** CURRENT's value (undefined when the secret has none yet). */
  current(): Promise<SecretBytes | undefined>;
  /** PENDING's value (available from setSecret on). */
  pending(): Promise<SecretBytes>;
  /** Another secret's CURRENT value (e.g. the webhook's HMAC key), read on the rotation's behalf. */
  otherSecret(name: string): Promise<SecretBytes | undefined>;
  /** Aborted when the server stops: end the step quickly, it will be repeated after restart. */
  signal: AbortSignal;
}

export interface Rotator {
  readonly name: string;
  /** Throws InputError when the rotation configuration is unusable (checked when rotation is configured). */
  validateConfig(config: Record<string, unknown>): void;
  createSecret(ctx: RotationContext): Promise<SecretBytes>;
  setSecret(ctx: RotationContext): Promise<void>;
  testSecret(ctx: RotationContext): Promise<void>;
  finishSecret(ctx: RotationContext): Promise<void>;
  /** Undo setSecret (best effort) so CURRENT works again. */
  rollback(ctx: RotationContext): Promise<void>;
}

/** Rotation step failures: the message is recorded, so it must never contain a value. */
export class RotationStepError extends Error {}
