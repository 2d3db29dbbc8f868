// `paved vulndb import PATH` and `paved vulndb status`.
import { resolve } from 'node:path';
import { parse } from '../../cli/args.js';
import { ExitCode, type Command } from '../../cli/command.js';
import { printJson, println, table } from '../../cli/output.js';
import { UsageError } from '../../kernel/errors.js';
import { VulnDb } from './osv/store.js';
import { vulnDbDir } from './vulndb-location.js';

const dbHelp = `  --db DIR   the database folder (default: $PAVED_HOME/vulndb, else ./.paved/vulndb)`;

export const commands: Command[] = [
  {
    name: ['vulndb', 'import'],
    summary: 'Import OSV records (a folder of JSON files or OSV all.zip files)',
    help: `Usage: paved vulndb import PATH [--db DIR] [--json]

Reads OSV records from PATH — one .json file, a folder of them (searched recursively, .zip files inside
included), or an OSV per-ecosystem all.zip — validates each against the OSV schema and stores them for
offline matching by \`paved scan sca\`. Re-importing is incremental: a record replaces the stored one only
when its "modified" is newer. Withdrawn records are kept and never matched.

Options:
${dbHelp}
  --json     print the import summary as JSON

Exit codes:
  0  every record was imported (or already current)
  1  some records were invalid and skipped (the valid ones were imported)
  2  wrong command line, or PATH does not exist or is not readable`,
    async run(args, io) {
      const { values, positionals } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } });
      if (positionals.length !== 1) throw new UsageError('expected one PATH to import');
      const db = new VulnDb(vulnDbDir(values.db, io.env, io.cwd));
      const started = Date.now();
      const result = await db.import(resolve(io.cwd, positionals[0]!), (n) => {
        if (io.isTTY) io.stderr.write(`\rread ${n} records…`);
      });
      if (io.isTTY) io.stderr.write('\r\x1b[K');
      if (values.json) printJson(io, { db: db.dir, ...result, seconds: (Date.now() - started) / 1000 });
      else {
        println(io, `Imported into ${db.dir}: ${result.read} read, ${result.added} added, ${result.updated} updated, ${result.unchanged} unchanged, ${result.withdrawn} withdrawn, ${result.invalid.length} invalid`);
        for (const i of result.invalid.slice(0, 20)) io.stderr.write(`paved: skipped ${i.source}: ${i.problem}\n`);
        if (result.invalid.length > 20) io.stderr.write(`paved: … and ${result.invalid.length - 20} more invalid records\n`);
      }
      return result.invalid.length ? ExitCode.failure : ExitCode.ok;
    },
  },
  {
    name: ['vulndb', 'status'],
    summary: 'Show the ecosystems, record counts and newest modified date of the database',
    help: `Usage: paved vulndb status [--db DIR] [--json]

Options:
${dbHelp}
  --json     print as JSON

Exit codes:
  0  the database exists
  1  there is no database yet (run \`paved vulndb import PATH\`)
  2  wrong command line`,
    async run(args, io) {
      const { values } = parse(args, { db: { type: 'string' }, json: { type: 'boolean' } }, { allowPositionals: false });
      const db = new VulnDb(vulnDbDir(values.db, io.env, io.cwd));
      const exists = db.exists();
      const manifest = await db.manifest();
      const rows = Object.entries(manifest.ecosystems).sort(([a], [b]) => a.localeCompare(b));
      if (values.json) {
        printJson(io, {
          db: db.dir,
          exists,
          updated: manifest.updated || null,
          ecosystems: rows.map(([ecosystem, e]) => ({ ecosystem, records: e.records, withdrawn: e.withdrawn, newestModified: e.newestModified })),
        });
      } else if (!exists) println(io, `No vulnerability database at ${db.dir}. Run \`paved vulndb import PATH\`.`);
      else {
        println(io, `Vulnerability database ${db.dir} (updated ${manifest.updated})`);
        io.stdout.write(table(['ECOSYSTEM', 'RECORDS', 'WITHDRAWN', 'NEWEST MODIFIED'], rows.map(([eco, e]) => [eco, String(e.records), String(e.withdrawn), e.newestModified])));
      }
      return exists ? ExitCode.ok : ExitCode.failure;
    },
  },
];
