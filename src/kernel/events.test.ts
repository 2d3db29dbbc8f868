// The outbox on a real database: events commit or vanish with their transaction, reach subscribers at
// least once in commit order, and two replicas sharing one database never deliver the same event twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backends, createPostgresDatabase, type TestDatabase } from '../../test/support/databases.js';
import type { Db } from './db/database.js';
import { migrate } from './db/migrate.js';
import { openPglite } from './db/pglite.js';
import { openPostgres } from './db/postgres.js';
import { EventBus, type DomainEvent } from './events.js';
import { createLogger } from './logger.js';
import { join } from 'node:path';

const logger = createLogger('silent');

/**
 * Delivers until `done` holds. Delivery waits for every older transaction in the whole PostgreSQL
 * cluster (pg_snapshot_xmin), so other test files' transactions can delay it for a moment.
 */
async function deliverUntil(buses: EventBus[], done: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done() && Date.now() < deadline) {
    await Promise.all(buses.map((b) => b.deliverAll()));
    if (!done()) await new Promise((r) => setTimeout(r, 50));
  }
}
const migrations = [{ capability: 'kernel', dir: join(import.meta.dirname, 'db', 'migrations') }];

describe.each(backends())('event outbox on %s', (backend) => {
  let db: Db;
  let second: Db | undefined;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    if (backend === 'postgres') {
      database = await createPostgresDatabase();
      db = await openPostgres(database.url);
      second = await openPostgres(database.url);
    } else {
      db = await openPglite('memory://');
    }
    await migrate(db, migrations);
  }, 60_000);
  afterAll(async () => {
    await db?.close();
    await second?.close();
    await database?.drop();
  });

  it('delivers only committed events, in commit order, to matching subscribers', async () => {
    const bus = new EventBus(db, logger);
    const seen: DomainEvent[] = [];
    await bus.subscribe('orders', ['order.*'], async (e) => void seen.push(e));
    await db.transaction(async (tx) => {
      await bus.publish(tx, 'order.created', { n: 1 });
      await bus.publish(tx, 'user.created', { n: 2 });
    });
    await db
      .transaction(async (tx) => {
        await bus.publish(tx, 'order.created', { n: 3 });
        throw new Error('roll back');
      })
      .catch(() => undefined);
    await db.transaction((tx) => bus.publish(tx, 'order.paid', { n: 4 }));
    await deliverUntil([bus], () => seen.length >= 2);
    expect(seen.map((e) => [e.topic, e.payload])).toEqual([
      ['order.created', { n: 1 }],
      ['order.paid', { n: 4 }],
    ]);
    await bus.deliverAll();
    expect(seen).toHaveLength(2);
  });

  it('retries an event whose handler failed, without skipping it', async () => {
    const bus = new EventBus(db, logger);
    let failures = 1;
    const seen: number[] = [];
    await bus.subscribe('flaky', ['job.*'], async (e) => {
      if (failures-- > 0) throw new Error('temporary');
      seen.push((e.payload as { n: number }).n);
    });
    await db.transaction(async (tx) => {
      await bus.publish(tx, 'job.run', { n: 1 });
      await bus.publish(tx, 'job.run', { n: 2 });
    });
    await deliverUntil([bus], () => failures === 0);
    expect(seen).toEqual([]);
    await deliverUntil([bus], () => seen.length >= 2);
    expect(seen).toEqual([1, 2]);
  });

  it('never hands the same event to two replicas', async () => {
    const replicaDb = second ?? db;
    const a = new EventBus(db, logger);
    const b = new EventBus(replicaDb, logger);
    const delivered: number[] = [];
    const handler = async (e: DomainEvent) => {
      delivered.push((e.payload as { n: number }).n);
      await new Promise((r) => setTimeout(r, 1));
    };
    await a.subscribe('shared', ['tick'], handler);
    await b.subscribe('shared', ['tick'], handler);
    for (let i = 0; i < 50; i++) await db.transaction((tx) => a.publish(tx, 'tick', { n: i }));
    await deliverUntil([a, b], () => delivered.length >= 50);
    await Promise.all([a.deliverAll(), b.deliverAll()]);
    expect(delivered.sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(await a.lag()).toBe(0);
  });
});
