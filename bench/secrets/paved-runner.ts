// Runs the Paved secrets scanner the way `paved scan secrets` does (same library call, same options) and
// writes the findings as JSON for the benchmark to score. Kept separate so /usr/bin/time measures only it.
import { writeFileSync } from 'node:fs';
import { secretsScanner } from '../../src/security/secrets/index.js';

const [mode, root, out] = process.argv.slice(2);
const options: Record<string, unknown> = { 'no-redact': true };
if (mode === 'history') options.history = true;
const result = await secretsScanner.scan({ root: root!, options });
writeFileSync(out!, JSON.stringify(result.findings.map((f) => ({ file: f.file, line: f.line, ruleId: f.ruleId, secret: f.properties?.secret }))));
