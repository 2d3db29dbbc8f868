// `.pavedignore`: one fingerprint per line (as printed in findings and JSON reports), optionally followed
// by `# reason`. Blank lines and lines starting with `#` are comments. Fingerprints survive line shifts.
import { readFile } from 'node:fs/promises';
import { InputError } from '../../kernel/errors.js';

export async function loadIgnoreFile(path: string): Promise<Map<string, string>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  return parseIgnoreFile(text, path);
}

export function parseIgnoreFile(text: string, path = '.pavedignore'): Map<string, string> {
  const out = new Map<string, string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const m = /^([0-9a-f]{32})(?:\s+#\s*(.*))?$/.exec(line);
    if (!m) throw new InputError(`${path}:${index + 1}: expected a 32-character hex fingerprint, optionally followed by "# reason"`, [{ path: `${path}:${index + 1}`, message: 'not a fingerprint' }]);
    out.set(m[1]!, m[2]?.trim() || `listed in ${path}`);
  });
  return out;
}
