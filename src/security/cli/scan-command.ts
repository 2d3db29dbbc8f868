// `paved scan [path]` and `paved scan <scanner> [path]`: runs scanners from the scanner table, renders the
// report, applies baselines and exits by the --fail-on gate. Subcommands come from the table itself, so a
// scanner registered there later gets `paved scan <id>` and its options without changes here.
import { stat, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { ExitCode, type Command, type CommandIO } from '../../cli/command.js';
import { parse } from '../../cli/args.js';
import { printJson, table } from '../../cli/output.js';
import { pavedVersion } from '../../cli/version.js';
import { InputError, UsageError } from '../../kernel/errors.js';
import { baselineMatcher, createBaseline, readBaseline, writeBaseline } from '../baseline.js';
import type { RuleInfo } from '../finding.js';
import { scannerTable, type ScannerEntry } from '../scanners.js';
import { allFindings, failOnLevels, gateLine, isFailOn, summarize, summaryLine } from '../report/model.js';
import { isReportFormat, renderReport, reportFormats, type ReportFormat } from '../report/render.js';
import { runScan, withBaseline } from '../report/run-scan.js';
import { progressBar } from './progress.js';
import { scanCommandLine, scanHelp } from './scan-options.js';

/** The `paved scan` commands for a scanner table: `scan` plus `scan <id>` for every entry. */
export function scanCommands(entries: ScannerEntry[]): Command[] {
  const main: Command = {
    name: ['scan'],
    summary: 'Scan a directory for security problems (IaC, secrets, dependencies, code, policy)',
    get help() {
      return scanHelp(entries);
    },
    run: (args, io) => runScanCommand(args, io, entries),
  };
  return [
    main,
    ...entries.map((entry) => ({
      name: ['scan', entry.id],
      summary: entry.description,
      get help() {
        return scanHelp(entries, entry);
      },
      run: (args: string[], io: CommandIO) => runScanCommand(args, io, entries, entry),
    })),
  ];
}

export const commands: Command[] = scanCommands(scannerTable);

async function runScanCommand(args: string[], io: CommandIO, entries: ScannerEntry[], only?: ScannerEntry): Promise<number> {
  const { parseOptions, owners } = scanCommandLine(entries);
  const { values: raw, positionals } = parse(args, parseOptions);
  const values = raw as Record<string, string | boolean | string[] | undefined>;
  const str = (name: string) => values[name] as string | undefined;

  if (positionals.length > 1) throw new UsageError(`expected at most one path, got ${positionals.length}: ${positionals.join(' ')}`);
  const format = chooseFormat(str('format'), Boolean(values.json));
  const failOn = str('fail-on') ?? 'high';
  if (!isFailOn(failOn)) throw new UsageError(`--fail-on must be one of ${failOnLevels.join(', ')}, not '${failOn}'`);
  const groupBy = str('group-by') ?? 'severity';
  if (groupBy !== 'severity' && groupBy !== 'file') throw new UsageError(`--group-by must be severity or file, not '${groupBy}'`);
  if (only && values.scanners !== undefined) throw new UsageError(`--scanners cannot be combined with \`paved scan ${only.id}\``);

  const selected = only ? [only] : selectScanners(str('scanners'), entries);
  const scannerOptions = optionsFor(selected, values, owners);

  if (values['list-rules']) return listRules(io, selected, format);

  const root = resolve(io.cwd, positionals[0] ?? '.');
  await stat(root).catch(() => {
    throw new UsageError(`path '${positionals[0]}' does not exist`);
  });
  const baselineFile = str('baseline');
  const writeTo = str('write-baseline');
  const baseline = baselineFile ? await readBaseline(resolve(io.cwd, baselineFile), baselineFile) : undefined;

  const progress = progressBar(io.stderr as NodeJS.WriteStream);
  let report = await runScan({
    root,
    scanners: selected,
    options: scannerOptions,
    onProgress: progress && ((scanner, done, total) => progress.update(scanner, done, total)),
    // A baseline being rewritten must see every current finding, including those the old one covered.
    isBaselined: baseline && !writeTo ? baselineMatcher(baseline) : undefined,
  }).finally(() => progress?.clear());

  if (writeTo) {
    const written = createBaseline(allFindings(report));
    await writeBaseline(resolve(io.cwd, writeTo), written).catch((error: Error) => {
      throw new InputError(`cannot write baseline ${writeTo}: ${error.message}`);
    });
    io.stderr.write(`paved: wrote ${written.entries.length} finding(s) to baseline ${writeTo}\n`);
    // What was just recorded is accepted: this run reports it as baselined, like the next run will.
    report = withBaseline(report, baselineMatcher(written));
  }

  const output = str('output');
  const text = renderReport(report, format, {
    failOn,
    color: io.color && !output && format === 'table',
    toolVersion: pavedVersion(),
    groupBy,
  });
  const summary = summarize(report, failOn);
  if (output) {
    await writeFile(resolve(io.cwd, output), text).catch((error: Error) => {
      throw new InputError(`cannot write --output ${output}: ${error.message}`);
    });
    io.stdout.write(`${summaryLine(summary)}\n${gateLine(summary)}\nReport written to ${output} (${format})\n`);
  } else {
    io.stdout.write(text);
  }
  return summary.failing > 0 ? ExitCode.failure : ExitCode.ok;
}

function chooseFormat(format: string | undefined, json: boolean): ReportFormat {
  if (json && format && format !== 'json') throw new UsageError(`--json conflicts with --format ${format}`);
  const chosen = json ? 'json' : (format ?? 'table');
  if (!isReportFormat(chosen)) throw new UsageError(`--format must be one of ${Object.keys(reportFormats).join(', ')}, not '${chosen}'`);
  return chosen;
}

function selectScanners(list: string | undefined, entries: ScannerEntry[]): ScannerEntry[] {
  if (list === undefined) return entries;
  const known = entries.map((e) => e.id);
  const ids = [...new Set(list.split(',').map((s) => s.trim()).filter(Boolean))];
  if (!ids.length) throw new UsageError(`--scanners needs at least one scanner: ${known.join(', ') || '(none registered)'}`);
  const unknown = ids.filter((id) => !known.includes(id));
  if (unknown.length) {
    throw new UsageError(`unknown scanner${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; known scanners: ${known.join(', ') || '(none registered)'}`);
  }
  return ids.map((id) => entries.find((e) => e.id === id)!);
}

/** Each selected scanner gets the values of the options it declared; an option no selected scanner owns is an error. */
function optionsFor(selected: ScannerEntry[], values: Record<string, unknown>, owners: Map<string, string[]>) {
  const ids = new Set(selected.map((e) => e.id));
  for (const [name, by] of owners) {
    if (values[name] !== undefined && !by.some((id) => ids.has(id))) {
      throw new UsageError(`--${name} is an option of the ${by.join('/')} scanner, which this scan does not run`);
    }
  }
  return Object.fromEntries(
    selected.map((entry) => [
      entry.id,
      Object.fromEntries(Object.keys(entry.options ?? {}).filter((n) => values[n] !== undefined).map((n) => [n, values[n]])),
    ]),
  );
}

async function listRules(io: CommandIO, selected: ScannerEntry[], format: ReportFormat): Promise<number> {
  if (format !== 'table' && format !== 'json') throw new UsageError(`--list-rules prints a table or JSON, not ${format}`);
  const rules: RuleInfo[] = [];
  for (const entry of selected) rules.push(...(await entry.load()).listRules());
  if (format === 'json') {
    printJson(io, rules);
  } else {
    io.stdout.write(table(['RULE', 'SEVERITY', 'SCANNER', 'TITLE'], rules.map((r) => [r.id, r.severity, r.scanner, r.title])));
    io.stdout.write(`${rules.length} rule${rules.length === 1 ? '' : 's'}\n`);
  }
  return ExitCode.ok;
}
