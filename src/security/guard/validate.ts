// `validate` as a library: every rules file against every data file, with cfn-guard's overall status
// (FAIL when any rule FAILs). Used by the CLI, the scanner adapter and (later) stack hooks.
import type { LoadedData, LoadedRules } from './load.js';
import { evaluateRules, type RuleResult, type Status } from './evaluate.js';
import type { GValue } from './values.js';

export interface Validation {
  dataFile: string;
  rulesFile: string;
  status: Status;
  rules: RuleResult[];
}

export function overall(statuses: Status[]): Status {
  return statuses.includes('FAIL') ? 'FAIL' : statuses.includes('PASS') ? 'PASS' : 'SKIP';
}

/**
 * `-i` parameter documents are merged into each data document as one combined context (as cfn-guard's
 * --input-parameters): their top-level keys are added; a key the data already has keeps the data's value.
 */
export function mergeParams(params: LoadedData[]): GValue | undefined {
  if (!params.length) return undefined;
  const merged = new Map<string, GValue>();
  for (const p of params) if (p.value.kind === 'map') for (const [k, v] of p.value.value) merged.set(k, v);
  return { kind: 'map', value: merged, path: '', line: 0, column: 0 };
}

function withParams(data: GValue, params: GValue | undefined): GValue {
  if (!params || params.kind !== 'map' || data.kind !== 'map') return data;
  const combined = new Map(params.value);
  for (const [k, v] of data.value) combined.set(k, v);
  return { ...data, value: combined, resolved: undefined };
}

export function validateAll(rules: LoadedRules[], data: LoadedData[], params?: GValue): Validation[] {
  const out: Validation[] = [];
  for (const d of data) {
    for (const r of rules) {
      const results = evaluateRules(r.rules, withParams(d.value, params));
      out.push({ dataFile: d.name, rulesFile: r.name, status: overall(results.map((x) => x.status)), rules: results });
    }
  }
  return out;
}
