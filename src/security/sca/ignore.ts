// paved-ignore.yaml: accepted vulnerabilities, each with a reason and an optional `until` date after which
// the acceptance expires (the finding comes back and the expiry is reported).
//
//   ignore:
//     - id: GHSA-jf85-cpcp-j695     # or any alias (CVE-…)
//       reason: prototype pollution not reachable, input is never user-controlled
//       until: 2026-06-30
//       package: lodash              # optional: only this package
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { LockfileError } from './model.js';

export interface IgnoreEntry {
  id: string;
  reason: string;
  until?: string;
  package?: string;
  line: number;
}

export interface IgnoreList {
  file: string;
  active: IgnoreEntry[];
  expired: IgnoreEntry[];
}

/** Reads an ignore file's text; a malformed file is a LockfileError naming the file and line. */
export function parseIgnoreFile(text: string, file: string, now: Date): IgnoreList {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines });
  if (doc.errors.length) {
    const e = doc.errors[0]!;
    throw new LockfileError(file, e.linePos?.[0]?.line ?? 0, `invalid YAML: ${e.message.split('\n')[0]}`);
  }
  const root = doc.contents;
  const list = isMap(root) ? root.get('ignore', true) : root;
  const out: IgnoreList = { file, active: [], expired: [] };
  if (list === undefined || list === null) return out;
  if (!isSeq(list)) throw new LockfileError(file, 1, 'expected a list under "ignore:"');
  const today = now.toISOString().slice(0, 10);
  for (const item of list.items) {
    const line = isMap(item) && item.range ? lines.linePos(item.range[0]).line : 0;
    const value = (isMap(item) ? item.toJSON() : undefined) as Record<string, unknown> | undefined;
    if (!value) throw new LockfileError(file, line, 'each entry needs id and reason');
    const id = value.id;
    const reason = value.reason;
    if (typeof id !== 'string' || !id.trim()) throw new LockfileError(file, line, 'entry has no "id"');
    if (typeof reason !== 'string' || !reason.trim()) throw new LockfileError(file, line, `entry ${id} has no "reason": say why it is accepted`);
    let until: string | undefined;
    if (value.until !== undefined) {
      until = value.until instanceof Date ? value.until.toISOString().slice(0, 10) : String(value.until);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until))) throw new LockfileError(file, line, `entry ${id}: "until" must be a date like 2026-12-31, not ${JSON.stringify(value.until)}`);
    }
    const entry: IgnoreEntry = { id: id.trim(), reason: reason.trim(), line, ...(until ? { until } : {}), ...(typeof value.package === 'string' ? { package: value.package } : {}) };
    // The acceptance holds through the whole `until` day.
    (until && until < today ? out.expired : out.active).push(entry);
  }
  return out;
}

/** The entry that accepts this vulnerability of this package, if any. */
export function findIgnore(list: IgnoreList | undefined, ids: string[], packageName: string): IgnoreEntry | undefined {
  return list?.active.find((e) => ids.includes(e.id) && (!e.package || e.package === packageName));
}
