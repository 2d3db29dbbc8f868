// The command line of `paved scan`: its own options plus every option the scanners in the table declare.
// Kept apart from the command so a test can check the real scanner table for clashing option names.
import type { ScannerEntry, ScannerOption } from '../scanners.js';

export const baseOptions = {
  scanners: { type: 'string', description: 'Comma-separated scanners to run (default: all)' },
  format: { type: 'string', short: 'f', description: 'table (default), json, sarif or junit' },
  json: { type: 'boolean', description: 'Same as --format json' },
  output: { type: 'string', short: 'o', description: 'Write the report to this file instead of standard output' },
  'fail-on': { type: 'string', description: 'critical, high (default), medium, low or none' },
  baseline: { type: 'string', description: 'Leave out findings recorded in this baseline file' },
  'write-baseline': { type: 'string', description: 'Record the current findings in this baseline file' },
  'group-by': { type: 'string', description: 'Table grouping: severity (default) or file' },
  'list-rules': { type: 'boolean', description: 'Print the rule catalogue of the selected scanners and exit' },
} as const;

type ParseOption = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };

export interface ScanCommandLine {
  /** Options for node:util parseArgs. */
  parseOptions: Record<string, ParseOption>;
  /** For each scanner option, the scanners that declared it. */
  owners: Map<string, string[]>;
}

/**
 * Merges the scanners' options into the parser. Two scanners may share an option (both get the value) if they
 * declare it with the same type; a clash with another type or with a `paved scan` option is a programming
 * error in the scanner table and throws.
 */
export function scanCommandLine(entries: ScannerEntry[]): ScanCommandLine {
  const parseOptions: Record<string, ParseOption> = {};
  for (const [name, option] of Object.entries(baseOptions)) {
    parseOptions[name] = 'short' in option ? { type: option.type, short: option.short } : { type: option.type };
  }
  const declared = new Map<string, { option: ScannerOption; by: string }>();
  const owners = new Map<string, string[]>();
  for (const entry of entries) {
    for (const [name, option] of Object.entries(entry.options ?? {})) {
      if (name in baseOptions || name === 'help') {
        throw new Error(`scanner ${entry.id} declares option --${name}, which paved scan already uses`);
      }
      const earlier = declared.get(name);
      if (earlier && (earlier.option.type !== option.type || Boolean(earlier.option.multiple) !== Boolean(option.multiple))) {
        throw new Error(`scanners ${earlier.by} and ${entry.id} declare option --${name} with different types`);
      }
      if (!earlier) {
        declared.set(name, { option, by: entry.id });
        parseOptions[name] = option.multiple ? { type: option.type, multiple: true } : { type: option.type };
      }
      owners.set(name, [...(owners.get(name) ?? []), entry.id]);
    }
  }
  return { parseOptions, owners };
}

export function scanHelp(entries: ScannerEntry[], only?: ScannerEntry): string {
  const usage = only
    ? `Usage: paved scan ${only.id} [path] [options]\n\n${only.description}. Same as \`paved scan --scanners ${only.id}\`.`
    : `Usage: paved scan [path] [options]\n       paved scan <scanner> [path] [options]\n\nScans a directory (default: the current one) for security problems and reports them.`;
  const base = Object.entries(baseOptions)
    .filter(([name]) => !(only && name === 'scanners'))
    .map(([name, o]) => optionLine(name, o.type, o.description, 'short' in o ? o.short : undefined));
  const scannerOptions = (only ? [only] : entries)
    .filter((e) => e.options && Object.keys(e.options).length)
    .map(
      (e) =>
        `Options of the ${e.id} scanner:\n` +
        Object.entries(e.options!)
          .map(([name, o]) => optionLine(name, o.type, o.description + (o.multiple ? ' (repeatable)' : '')))
          .join('\n'),
    );
  const scanners = only
    ? []
    : [`Scanners:\n${entries.length ? entries.map((e) => `  ${e.id.padEnd(10)}  ${e.description}`).join('\n') : '  (none registered)'}`];
  const sections = [
    usage,
    ...scanners,
    `Options:\n${base.join('\n')}`,
    ...scannerOptions,
    'Suppressed findings are reported but never fail the scan. --write-baseline accepts every current finding:\n' +
      'that run reports them as "in baseline". See docs/scanning.md.',
    `Exit codes:
  0   nothing unsuppressed at or above the --fail-on severity
  1   at least one finding at or above it (a scanner that crashed counts as a high finding)
  2   usage error: unknown scanner or option, bad value, missing path, unreadable baseline`,
  ];
  return sections.join('\n\n') + '\n';
}

function optionLine(name: string, type: string, description: string, short?: string): string {
  const flag = `${short ? `-${short}, ` : '    '}--${name}${type === 'string' ? ' <value>' : ''}`;
  return `  ${flag.padEnd(30)}${description}`;
}
