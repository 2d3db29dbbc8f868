// `paved audit list` and `paved audit verify`.
import { join, resolve } from 'node:path';
import type { Command, CommandIO } from './command.js';
import { parse } from './args.js';
import { createClient } from './client.js';
import { resolveCredentials } from './credentials.js';
import { paint, printJson, println, table } from './output.js';
import type { VerifyReport } from '../kernel/audit/chain.js';

interface AuditItem {
  seq: number;
  at: string;
  actor: string;
  action: string;
  resource: string;
  outcome: string;
  requestId: string | null;
}

function printReport(io: CommandIO, report: VerifyReport, json: boolean): number {
  if (json) printJson(io, report);
  else if (report.ok) {
    println(io, `${paint(io, 'green', 'intact')}: ${report.records} records, ${report.digests} signed digests, last sequence number ${report.lastSeq}`);
  } else {
    const first = report.problems[0]!;
    println(io, `${paint(io, 'red', 'TAMPERED')}: first bad sequence number ${first.seq} (${first.kind})`);
    for (const p of report.problems) println(io, `  #${p.seq} ${p.kind}: ${p.message}`);
  }
  return report.ok ? 0 : 1;
}

export const commands: Command[] = [
  {
    name: ['audit', 'list'],
    summary: 'List audit records, newest first',
    help: `Usage: paved audit list [--actor A] [--action X] [--resource R] [--outcome success|denied|failure]
                        [--since TIME] [--until TIME] [--limit N] [--json] [--url URL] [--token TOKEN]

--action takes an exact action or a prefix ending in * (e.g. 'iam:*'). TIME is ISO 8601.

Exit codes: 0 ok; 2 usage error; 3 server error; 4 not signed in.`,
    async run(args, io) {
      const { values } = parse(
        args,
        {
          actor: { type: 'string' },
          action: { type: 'string' },
          resource: { type: 'string' },
          outcome: { type: 'string' },
          since: { type: 'string' },
          until: { type: 'string' },
          limit: { type: 'string' },
          url: { type: 'string' },
          token: { type: 'string' },
          json: { type: 'boolean' },
        },
        { allowPositionals: false },
      );
      const query = new URLSearchParams();
      for (const key of ['actor', 'action', 'resource', 'outcome', 'since', 'until', 'limit'] as const) {
        if (values[key]) query.set(key, values[key]!);
      }
      const client = createClient(resolveCredentials(io.env, values));
      const page = await client.request<{ items: AuditItem[] }>('GET', `/api/v1/audit?${query}`);
      if (values.json) printJson(io, page.items);
      else {
        io.stdout.write(
          table(
            ['SEQ', 'TIME', 'ACTOR', 'ACTION', 'RESOURCE', 'OUTCOME'],
            page.items.map((r) => [String(r.seq), r.at, r.actor, r.action, r.resource, r.outcome === 'success' ? r.outcome : paint(io, 'yellow', r.outcome)]),
          ),
        );
      }
      return 0;
    },
  },
  {
    name: ['audit', 'verify'],
    summary: 'Check the audit log for modified, deleted or reordered records',
    help: `Usage: paved audit verify [--json] [--url URL] [--token TOKEN]
       paved audit verify --home DIR [--key PUBLIC.pem …] [--json]
       paved audit verify --database-url URL --home DIR [--key PUBLIC.pem …] [--json]

Recomputes the hash chain and checks every signed digest, then names the first sequence number that
was modified, deleted or reordered. Without --home or --database-url the server does the check; with
them the check runs here, straight on the database (stop a server that uses the embedded database
first: only one process may open it). The digest signing key's public half is read from
DIR/keys/audit-signing.pub.pem; --key adds more trusted public keys.

Exit codes: 0 the log is intact; 1 tampering found; 2 usage error; 3 server or database error.`,
    async run(args, io) {
      const { values } = parse(
        args,
        {
          home: { type: 'string' },
          'database-url': { type: 'string' },
          key: { type: 'string', multiple: true },
          url: { type: 'string' },
          token: { type: 'string' },
          json: { type: 'boolean' },
        },
        { allowPositionals: false },
      );
      if (values.home || values['database-url']) {
        const home = resolve(values.home ?? io.env.PAVED_HOME ?? './.paved');
        const { loadTrustedKeys } = await import('../kernel/audit/signing-key.js');
        const { verifyAuditLog } = await import('../kernel/audit/audit-log.js');
        const db = values['database-url']
          ? await (await import('../kernel/db/postgres.js')).openPostgres(values['database-url'], { max: 1 })
          : await (await import('../kernel/db/pglite.js')).openPglite(join(home, 'db'));
        try {
          const report = await verifyAuditLog(db, loadTrustedKeys(home, values.key ?? []));
          return printReport(io, report, Boolean(values.json));
        } finally {
          await db.close();
        }
      }
      const client = createClient(resolveCredentials(io.env, values));
      return printReport(io, await client.request<VerifyReport>('GET', '/api/v1/audit/verify'), Boolean(values.json));
    },
  },
];
