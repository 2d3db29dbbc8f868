// docs/rules is generated from the rule metadata; this fails when someone changes a rule and forgets
// to run `node dist/src/security/iac/gen-docs.js`.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderRuleDocs } from './gen-docs.js';

const docsDir = join(fileURLToPath(new URL('.', import.meta.url)), '..', '..', '..', 'docs', 'rules');

describe('docs/rules', () => {
  it('is up to date with the rule metadata (run node dist/src/security/iac/gen-docs.js)', async () => {
    for (const [name, text] of renderRuleDocs()) expect(await readFile(join(docsDir, name), 'utf8'), name).toBe(text);
  });

  it('documents each rule with risk, fix, equivalents and examples', () => {
    const page = renderRuleDocs().get('PAVED-S3-002.md')!;
    expect(page).toContain('## Risk');
    expect(page).toContain('CKV_AWS_21');
    expect(page).toContain('[S3.14]');
    expect(page).toContain('Status: Suspended');
    expect(renderRuleDocs().get('PAVED-LAMBDA-002.md')).toContain('| nodejs16.x | 2024-06-12 |');
  });
});
