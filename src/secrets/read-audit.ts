// Group commit for read audit records. Every value read must be audited before its answer is sent, but
// one transaction per read costs a commit (an fsync) under the audit chain's lock: ~60 reads/s on this
// machine (docs/benchmarks.md, secrets-api). Reads arriving together are appended in ONE transaction
// instead; each caller still waits until its own record is committed, so no read is ever answered
// without its audit record, and a batch costs one commit. (A candidate for the kernel's AuditLog.)
import type { AuditEntry, AuditLog } from '../kernel/audit/audit-log.js';
import type { Db } from '../kernel/db/database.js';

const MAX_BATCH = 256;

export class ReadAuditBatcher {
  private queue: Array<{ entry: AuditEntry; done: (error?: unknown) => void }> = [];
  private flushing = false;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
  ) {}

  /** Resolves once the record is committed; rejects when it could not be written. */
  append(entry: AuditEntry): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ entry, done: (error) => (error ? reject(error) : resolve()) });
      if (!this.flushing) void this.flush();
    });
  }

  private async flush(): Promise<void> {
    this.flushing = true;
    try {
      while (this.queue.length) {
        const batch = this.queue.splice(0, MAX_BATCH);
        try {
          await this.db.transaction(async (tx) => {
            for (const { entry } of batch) await this.audit.append(entry, tx);
          });
          for (const b of batch) b.done();
        } catch (error) {
          for (const b of batch) b.done(error);
        }
      }
    } finally {
      this.flushing = false;
    }
  }
}
