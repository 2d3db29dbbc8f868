// Validates OSV records against the OSV JSON schema (a copy of the official one ships beside this file,
// so `paved vulndb import` needs nothing outside the package). ajv's draft 2020-12 build compiles it.
import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

let compiled: ((record: unknown) => string | undefined) | undefined;

/** Returns undefined when the record is valid, else a one-line reason naming the failing field. */
export function osvProblem(record: unknown): string | undefined {
  if (!compiled) {
    const schema = JSON.parse(readFileSync(new URL('./osv.schema.json', import.meta.url), 'utf8'));
    const ajv = new Ajv2020.default({ strict: false, allErrors: false });
    (addFormats as unknown as { default: (a: unknown) => void }).default(ajv);
    const validate = ajv.compile(schema);
    compiled = (r) => (validate(r) ? undefined : validate.errors!.map((e) => `${e.instancePath || '/'} ${e.message}`).join('; '));
  }
  return compiled(record);
}
