// `paved guard …`: cfn-guard compatible commands with cfn-guard's exit codes.
import { readFile, writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { Command, CommandIO } from '../../cli/command.js';
import { parse, readAll } from '../../cli/args.js';
import { UsageError } from '../../kernel/errors.js';
import { pavedVersion } from '../../cli/version.js';
import { DataParseError, parseData } from './data.js';
import { GuardEvalError } from './evaluate.js';
import { GuardParseError, parseRules } from './parser.js';
import { InputNotFound, loadData, loadRules, type LoadedData } from './load.js';
import { formatValidations, outputFormats, summaryChoices, type OutputFormat, type SummaryChoice } from './output.js';
import { rulegen } from './rulegen.js';
import { findRuleTestPairs, formatCaseResults, readTestFile, runTestCases, TestFileError } from './testing.js';
import { mergeParams, validateAll } from './validate.js';

/** cfn-guard's exit codes. */
export const GuardExit = { ok: 0, otherTestError: 1, parseError: 5, testFailed: 7, validationFailed: 19 } as const;

function inputError(error: unknown, io: CommandIO): number | undefined {
  if (error instanceof GuardParseError || error instanceof DataParseError || error instanceof GuardEvalError) {
    io.stderr.write(`paved guard: ${error.message}\n`);
    return GuardExit.parseError;
  }
  if (error instanceof InputNotFound) throw new UsageError(error.message);
  return undefined;
}

const validate: Command = {
  name: ['guard', 'validate'],
  summary: 'Validate data files against Guard rules',
  help: `Usage: paved guard validate -r RULES… [-d DATA…] [options]

Evaluates every rules file (.guard, .ruleset; files or directories) against every data file
(.json, .yaml, .yml, .template; files or directories). Without -d the data is read from stdin.

Options:
  -r, --rules PATH            rules file or directory (repeatable)
  -d, --data PATH             data file or directory (repeatable)
  -i, --input-parameters PATH parameter files merged into each data document (repeatable)
  -o, --output-format FMT     single-line-summary (default), json, yaml, junit, sarif
  -S, --show-summary WHICH    none, all, pass, fail (default), skip (repeatable)
      --show-clause-failures  list the failing clauses under each FAILED rule in the summary
      --json                  same as -o json
  -h, --help

Exit codes: 0 every rule PASSED or was SKIPPED; 19 a rule FAILED; 5 a rules or data file could not
be parsed or evaluated; 2 usage error.`,
  async run(args, io) {
    const { values } = parse(args, {
      rules: { type: 'string', short: 'r', multiple: true },
      data: { type: 'string', short: 'd', multiple: true },
      'input-parameters': { type: 'string', short: 'i', multiple: true },
      'output-format': { type: 'string', short: 'o' },
      'show-summary': { type: 'string', short: 'S', multiple: true },
      'show-clause-failures': { type: 'boolean' },
      json: { type: 'boolean' },
    });
    if (!values.rules?.length) throw new UsageError('give at least one rules file or directory with -r');
    if (values.json && values['output-format'] && values['output-format'] !== 'json') throw new UsageError('--json cannot be combined with -o ' + values['output-format']);
    const format = (values.json ? 'json' : values['output-format'] ?? 'single-line-summary') as OutputFormat;
    if (!outputFormats.includes(format)) throw new UsageError(`-o must be one of ${outputFormats.join(', ')}`);
    const show = (values['show-summary'] ?? ['fail']).flatMap((s) => s.split(',')) as SummaryChoice[];
    for (const s of show) if (!summaryChoices.includes(s)) throw new UsageError(`-S must be one of ${summaryChoices.join(', ')}`);
    try {
      const rules = await loadRules(values.rules);
      if (!rules.length) throw new UsageError(`no rules files (.guard, .ruleset) found in ${values.rules.join(', ')}`);
      let data: LoadedData[];
      if (values.data?.length) data = await loadData(values.data);
      else {
        const text = (await readAll(io.stdin)).toString('utf8');
        data = [{ name: 'STDIN', path: 'STDIN', value: parseData(text, 'STDIN') }];
      }
      if (!data.length) throw new UsageError(`no data files found in ${values.data!.join(', ')}`);
      const params = values['input-parameters']?.length ? mergeParams(await loadData(values['input-parameters'])) : undefined;
      const results = validateAll(rules, data, params);
      io.stdout.write(formatValidations(results, format, { show, showClauseFailures: Boolean(values['show-clause-failures']) }, pavedVersion()));
      return results.some((r) => r.status === 'FAIL') ? GuardExit.validationFailed : GuardExit.ok;
    } catch (error) {
      const code = inputError(error, io);
      if (code !== undefined) return code;
      throw error;
    }
  },
};

const test: Command = {
  name: ['guard', 'test'],
  summary: 'Run the unit tests of Guard rules',
  help: `Usage: paved guard test -r RULES -t TESTS.yaml [--json]
       paved guard test --dir DIR [--json]

Runs each test case of the test file (a list of {name, input, expectations: {rules: {NAME: PASS|FAIL|SKIP}}})
against the rules and checks every expected status. --dir finds every NAME.guard under DIR and pairs it
with tests/NAME_tests.yaml (or .yml, .json) beside it or one level up.

Exit codes: 0 every expectation met; 7 an expectation was not met; 5 a rules file could not be parsed
or evaluated; 1 a test file is invalid or missing; 2 usage error.`,
  async run(args, io) {
    const { values } = parse(args, {
      'rules-file': { type: 'string', short: 'r' },
      'test-data': { type: 'string', short: 't' },
      dir: { type: 'string' },
      json: { type: 'boolean' },
      verbose: { type: 'boolean', short: 'v' },
    });
    let pairs: Array<{ rules: string; tests?: string }>;
    if (values.dir) {
      if (values['rules-file'] || values['test-data']) throw new UsageError('--dir cannot be combined with -r or -t');
      try {
        pairs = await findRuleTestPairs(values.dir);
      } catch {
        throw new UsageError(`${values.dir}: not a readable directory`);
      }
      if (!pairs.length) throw new UsageError(`no rules files found under ${values.dir}`);
    } else {
      if (!values['rules-file'] || !values['test-data']) throw new UsageError('give -r RULES and -t TESTS, or --dir DIR');
      pairs = [{ rules: values['rules-file'], tests: values['test-data'] }];
    }
    let unmet = false;
    let otherError = false;
    const report: unknown[] = [];
    for (const pair of pairs) {
      if (values.dir && !values.json) io.stdout.write(`Testing Guard File ${pair.rules}\n`);
      if (!pair.tests) {
        if (!values.json) io.stdout.write('  no test file found (tests/NAME_tests.yaml); skipped\n\n');
        continue;
      }
      try {
        const text = await readFile(pair.rules, 'utf8').catch(() => {
          throw new UsageError(`${pair.rules}: cannot read the rules file`);
        });
        const rules = parseRules(text, pair.rules);
        const cases = await readTestFile(pair.tests);
        const results = runTestCases(rules, cases);
        if (results.some((r) => !r.ok)) unmet = true;
        if (values.json) report.push({ rules: pair.rules, tests: pair.tests, cases: results });
        else io.stdout.write(formatCaseResults(results, Boolean(values.verbose)) + '\n');
      } catch (error) {
        if (error instanceof TestFileError) {
          io.stderr.write(`paved guard: ${error.message}\n`);
          otherError = true;
          continue;
        }
        const code = inputError(error, io);
        if (code !== undefined) return code;
        throw error;
      }
    }
    if (values.json) io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return unmet ? GuardExit.testFailed : otherError ? GuardExit.otherTestError : GuardExit.ok;
  },
};

const parseTree: Command = {
  name: ['guard', 'parse-tree'],
  summary: 'Print the syntax tree of a rules file',
  help: `Usage: paved guard parse-tree -r RULES [--json | --yaml] [-o OUT]

Parses the rules file and prints its syntax tree (YAML by default), with the line and column of every node.

Exit codes: 0 parsed; 5 the rules file has a syntax error (file:line:col: expected …); 2 usage error.`,
  async run(args, io) {
    const { values } = parse(args, {
      rules: { type: 'string', short: 'r' },
      json: { type: 'boolean', short: 'j' },
      yaml: { type: 'boolean', short: 'y' },
      output: { type: 'string', short: 'o' },
    });
    let text: string;
    let name = 'STDIN';
    if (values.rules) {
      name = values.rules;
      text = await readFile(values.rules, 'utf8').catch(() => {
        throw new UsageError(`${values.rules}: cannot read the rules file`);
      });
    } else text = (await readAll(io.stdin)).toString('utf8');
    try {
      const tree = parseRules(text, name);
      const out = values.json ? JSON.stringify(tree, null, 2) + '\n' : stringify(tree);
      if (values.output) await writeFile(values.output, out);
      else io.stdout.write(out);
      return GuardExit.ok;
    } catch (error) {
      const code = inputError(error, io);
      if (code !== undefined) return code;
      throw error;
    }
  },
};

const rulegenCommand: Command = {
  name: ['guard', 'rulegen'],
  summary: "Generate rules that pin a template's current property values",
  help: `Usage: paved guard rulegen -t TEMPLATE [-o OUT]

Writes one rule per resource type that requires every top-level property to keep the value it has in
the template (several values become an IN list). Useful as a starting point for a rules file.

Exit codes: 0 written; 5 the template could not be parsed; 2 usage error.`,
  async run(args, io) {
    const { values } = parse(args, { template: { type: 'string', short: 't' }, output: { type: 'string', short: 'o' } });
    if (!values.template) throw new UsageError('give the template with -t');
    const text = await readFile(values.template, 'utf8').catch(() => {
      throw new UsageError(`${values.template}: cannot read the template`);
    });
    try {
      const out = rulegen(parseData(text, values.template));
      if (values.output) await writeFile(values.output, out);
      else io.stdout.write(out);
      return GuardExit.ok;
    } catch (error) {
      const code = inputError(error, io);
      if (code !== undefined) return code;
      throw error;
    }
  },
};

export const commands: Command[] = [validate, test, parseTree, rulegenCommand];
