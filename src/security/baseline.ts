// Baseline files: the fingerprints of findings a team has already seen, so a scan reports only new ones.
// `paved scan --write-baseline FILE` records them; `paved scan --baseline FILE` leaves them out of the report
// (they are still counted in the summary as "N in baseline"). Fingerprints do not depend on line numbers,
// so unrelated edits do not make old findings look new.
import { readFile, writeFile } from 'node:fs/promises';
import { z } from 'zod';
import { InputError } from '../kernel/errors.js';
import type { Finding } from './finding.js';

export const baselineVersion = 1;

/** Findings that are never recorded in or hidden by a baseline: a crashed scanner must stay visible. */
const neverBaselined = new Set(['paved.scanner-error']);

const baselineSchema = z.object({
  version: z.literal(baselineVersion),
  created: z.string(),
  entries: z.array(
    z.object({
      fingerprint: z.string().min(1),
      ruleId: z.string(),
      file: z.string(),
    }),
  ),
});

export type Baseline = z.infer<typeof baselineSchema>;
export type BaselineEntry = Baseline['entries'][number];

export function createBaseline(findings: Iterable<Finding>, now = new Date()): Baseline {
  const byFingerprint = new Map<string, BaselineEntry>();
  for (const f of findings) {
    if (neverBaselined.has(f.ruleId)) continue;
    byFingerprint.set(f.fingerprint, { fingerprint: f.fingerprint, ruleId: f.ruleId, file: f.file });
  }
  // Sorted so that re-writing a baseline gives a small, reviewable diff.
  const entries = [...byFingerprint.values()].sort(
    (a, b) => cmp(a.file, b.file) || cmp(a.ruleId, b.ruleId) || cmp(a.fingerprint, b.fingerprint),
  );
  return { version: baselineVersion, created: now.toISOString(), entries };
}

/** A matcher for the findings a baseline covers. */
export function baselineMatcher(baseline: Baseline): (finding: Finding) => boolean {
  const fingerprints = new Set(baseline.entries.map((e) => e.fingerprint));
  return (finding) => !neverBaselined.has(finding.ruleId) && fingerprints.has(finding.fingerprint);
}

/** Parses baseline JSON; `file` names the file in error messages. */
export function parseBaseline(text: string, file: string): Baseline {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new InputError(`baseline ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const result = baselineSchema.safeParse(json);
  if (!result.success) {
    throw new InputError(
      `baseline ${file} is not a Paved baseline file (write one with --write-baseline)`,
      result.error.issues.map((issue) => ({
        path: `${file}: ${issue.path.length ? issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') : '(top level)'}`,
        message: issue.message,
      })),
    );
  }
  return result.data;
}

export async function readBaseline(path: string, displayName = path): Promise<Baseline> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(`cannot read baseline ${displayName}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  return parseBaseline(text, displayName);
}

export async function writeBaseline(path: string, baseline: Baseline): Promise<void> {
  await writeFile(path, JSON.stringify(baseline, null, 2) + '\n');
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
