// `paved scan secrets`: the Scanner the shared scan layer runs. Picks the target from the options:
// standard input (`--stdin`, or the path `-`), the staged changes (`--staged`), the git history
// (`--history`, `--since REV`) or, by default, the directory tree.
import { existsSync } from 'node:fs';
import { basename } from 'node:path';
import type { Scanner, ScanOptions, ScanResult } from '../scanner.js';
import type { Finding } from '../finding.js';
import { builtinDetectors } from './detectors/index.js';
import { hitToFinding, ruleInfo, sortFindings } from './findings.js';
import { prepare, readOptions, type PreparedScan } from './setup.js';
import { scanTree } from './tree.js';
import { historyCommits, repositoryRoot, scanCommits, scanStaged } from './git-scan.js';

/** Scans one text (a file's content, standard input, a pasted snippet) with a prepared engine. */
export function scanPrepared(prepared: PreparedScan, name: string, text: string, redact = true): Finding[] {
  return prepared.engine.scan(text, { file: name }).map((hit) => hitToFinding(hit, { file: name, redact, ignored: prepared.ignored }));
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('latin1');
}

export const secretsScanner: Scanner = {
  id: 'secrets',
  description: 'Leaked credentials in files and git history',
  listRules: () => builtinDetectors.map(ruleInfo),
  async scan({ root, options: raw, onProgress, signal }: ScanOptions): Promise<ScanResult> {
    const options = readOptions(raw);
    const stdin = options.stdin || (basename(root) === '-' && !existsSync(root));
    const prepared = await prepare(stdin ? process.cwd() : root, options);
    const notes = [...prepared.notes];
    let findings: Finding[];
    let scanned: number;
    if (stdin) {
      findings = scanPrepared(prepared, 'stdin', await readStdin(), options.redact);
      scanned = 1;
    } else if (options.staged) {
      const result = await scanStaged(root, prepared, options.redact);
      findings = result.findings;
      scanned = result.scanned;
      notes.push(`scanned the staged changes of ${scanned} file${scanned === 1 ? '' : 's'}`);
    } else if (options.history) {
      const repo = await repositoryRoot(root);
      const commits = await historyCommits(repo, options.since);
      const history: Parameters<typeof scanCommits>[4] = { threads: options.threads };
      if (onProgress) history.onProgress = onProgress;
      findings = await scanCommits(repo, commits, prepared, options.redact, history);
      scanned = commits.length;
      notes.push(`scanned ${commits.length} commit${commits.length === 1 ? '' : 's'}${options.since ? ` since ${options.since}` : ' on all refs'}`);
    } else {
      const result = await scanTree(root, prepared, options, onProgress, signal);
      findings = result.findings;
      scanned = result.scanned;
      notes.push(...result.notes);
    }
    return { findings: sortFindings(findings), rules: prepared.detectors.map(ruleInfo), notes, scanned };
  },
};
