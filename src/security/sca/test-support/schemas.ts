// Test helper: validators for the official CycloneDX 1.6, SPDX 2.3 and OSV schemas in ../shared/schemas.
// Fails loudly when the folder is missing: a skipped validation would pass silently.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const schemaDir = join(repoRoot, '..', 'shared', 'schemas');

function load(name: string): Record<string, unknown> {
  const path = join(schemaDir, name);
  if (!existsSync(path)) throw new Error(`schema ${path} is missing: the SBOM tests need ../shared/schemas beside the repository`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

function withFormats<T extends InstanceType<typeof Ajv.default>>(ajv: T): T {
  (addFormats as unknown as { default: (a: T) => void }).default(ajv);
  // Formats ajv-formats lacks; CycloneDX uses them for URLs and e-mail addresses.
  ajv.addFormat('iri-reference', true);
  ajv.addFormat('idn-email', true);
  return ajv;
}

export function cycloneDxValidator() {
  const ajv = withFormats(new Ajv.default({ strict: false, allErrors: true }));
  ajv.addSchema(load('cyclonedx-spdx.schema.json'));
  ajv.addSchema(load('cyclonedx-jsf-0.82.schema.json'));
  return ajv.compile(load('cyclonedx-bom-1.6.schema.json'));
}

export function spdxValidator() {
  return withFormats(new Ajv.default({ strict: false, allErrors: true })).compile(load('spdx-2.3.schema.json'));
}

export function osvValidator() {
  const ajv = new Ajv2020.default({ strict: false, allErrors: true });
  (addFormats as unknown as { default: (a: unknown) => void }).default(ajv);
  return ajv.compile(load('osv.schema.json'));
}
