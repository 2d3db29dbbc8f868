// Domain events through a transactional outbox. A change calls `publish(tx, …)` inside its own
// transaction; subscribers get each event at least once, in commit order. Each subscriber has one cursor
// row shared by all replicas; a replica delivers a batch while holding that row's lock, and the others
// skip it (FOR UPDATE SKIP LOCKED), so two replicas never deliver the same batch concurrently.
import type { Db, Queryable } from './db/database.js';
import type { Logger } from './logger.js';

export interface DomainEvent<P = unknown> {
  id: number;
  topic: string;
  payload: P;
  actor: string | null;
  createdAt: Date;
}

export type EventHandler = (event: DomainEvent) => Promise<void>;

interface Subscription {
  name: string;
  /** Topics, or prefixes ending in `*` (`git.*`). */
  topics: string[];
  handler: EventHandler;
}

const BATCH = 100;

export class EventBus {
  private readonly subscriptions: Subscription[] = [];
  private timer: NodeJS.Timeout | undefined;
  private running = false;
  private draining: Promise<void> | undefined;
  private wakeRequested = false;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    private readonly pollMs = 200,
  ) {}

  /** Writes an event in the caller's transaction; it is delivered only if that transaction commits. */
  async publish(tx: Queryable, topic: string, payload: unknown, actor?: string): Promise<void> {
    await tx.query('INSERT INTO events (topic, payload, actor) VALUES ($1, $2, $3)', [topic, JSON.stringify(payload), actor ?? null]);
    this.wakeRequested = true;
  }

  async subscribe(name: string, topics: string[], handler: EventHandler): Promise<void> {
    if (this.subscriptions.some((s) => s.name === name)) throw new Error(`subscriber ${name} is already registered`);
    this.subscriptions.push({ name, topics, handler });
    // A new subscriber starts at the current end: it gets events published from now on.
    await this.db.query(
      `INSERT INTO event_cursors (subscriber, last_tx_id, last_event_id)
       SELECT $1, COALESCE(max(tx_id), '0'::xid8), COALESCE(max(id), 0) FROM events
       ON CONFLICT (subscriber) DO NOTHING`,
      [name],
    );
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const tick = async () => {
      if (!this.running) return;
      await this.deliverAll().catch((error) => this.logger.error({ err: error }, 'event delivery failed'));
      if (this.running) this.timer = setTimeout(tick, this.wakeRequested ? 5 : this.pollMs);
      this.wakeRequested = false;
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  /** Delivers everything pending to every subscriber once (also used by tests to flush). */
  async deliverAll(): Promise<number> {
    const run = (async () => {
      let delivered = 0;
      for (const sub of this.subscriptions) delivered += await this.deliver(sub);
      return delivered;
    })();
    this.draining = run.then(() => undefined, () => undefined);
    return run;
  }

  private async deliver(sub: Subscription): Promise<number> {
    return this.db.transaction(async (tx) => {
      const cursor = await tx.query<{ last_tx_id: string; last_event_id: number }>(
        'SELECT last_tx_id::text AS last_tx_id, last_event_id FROM event_cursors WHERE subscriber = $1 FOR UPDATE SKIP LOCKED',
        [sub.name],
      );
      const c = cursor.rows[0];
      if (!c) return 0; // another replica is delivering to this subscriber right now
      const { rows } = await tx.query<{ id: number; tx_id: string; topic: string; payload: unknown; actor: string | null; created_at: Date }>(
        `SELECT id, tx_id::text AS tx_id, topic, payload, actor, created_at FROM events
         WHERE (tx_id, id) > ($1::xid8, $2::bigint) AND tx_id < pg_snapshot_xmin(pg_current_snapshot())
         ORDER BY tx_id, id LIMIT ${BATCH}`,
        [c.last_tx_id, c.last_event_id],
      );
      let lastTx = c.last_tx_id;
      let lastId = Number(c.last_event_id);
      let delivered = 0;
      for (const row of rows) {
        if (matches(sub.topics, row.topic)) {
          try {
            await sub.handler({ id: Number(row.id), topic: row.topic, payload: row.payload, actor: row.actor, createdAt: new Date(row.created_at) });
            delivered++;
          } catch (error) {
            // Stop here: the cursor stays before this event, so it is retried on the next tick.
            this.logger.warn({ err: error, subscriber: sub.name, eventId: row.id }, 'event handler failed; will retry');
            break;
          }
        }
        lastTx = row.tx_id;
        lastId = Number(row.id);
      }
      if (lastId !== Number(c.last_event_id)) {
        await tx.query('UPDATE event_cursors SET last_tx_id = $2::xid8, last_event_id = $3, updated_at = now() WHERE subscriber = $1', [
          sub.name,
          lastTx,
          lastId,
        ]);
      }
      if (rows.length === BATCH) this.wakeRequested = true;
      return delivered;
    });
  }

  /** Events written but not yet passed by this process's slowest subscriber, for /metrics. */
  async lag(): Promise<number> {
    if (this.subscriptions.length === 0) return 0;
    const { rows } = await this.db.query<{ lag: number }>(
      `SELECT COALESCE(max(e.n), 0)::int AS lag FROM (
         SELECT count(ev.id) AS n FROM event_cursors c
         LEFT JOIN events ev ON (ev.tx_id, ev.id) > (c.last_tx_id, c.last_event_id)
         WHERE c.subscriber = ANY($1)
         GROUP BY c.subscriber) e`,
      [this.subscriptions.map((s) => s.name)],
    );
    return Number(rows[0]?.lag ?? 0);
  }
}

function matches(topics: string[], topic: string): boolean {
  return topics.some((t) => t === '*' || t === topic || (t.endsWith('*') && topic.startsWith(t.slice(0, -1))));
}
