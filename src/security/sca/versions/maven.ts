// Maven: org.apache.maven.artifact.versioning.ComparableVersion. A version is a list of int and string
// items split at '.', '-' and digit/letter changes ('-' and changes open a sub-list); qualifiers order
// alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp, unknown words after sp
// (alphabetically); trailing zeros and empty qualifiers are dropped ("1.0" = "1" = "1-ga").
import { orderingFrom, VersionError } from './types.js';

type Item = { t: 'int'; v: bigint } | { t: 'str'; v: string } | { t: 'list'; v: Item[] };

const qualifiers = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const aliases: Record<string, string> = { ga: '', final: '', release: '', cr: 'rc' };
const releaseIndex = String(qualifiers.indexOf(''));

function comparableQualifier(q: string): string {
  const i = qualifiers.indexOf(q);
  return i < 0 ? `${qualifiers.length}-${q}` : String(i);
}

function strItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) v = ({ a: 'alpha', b: 'beta', m: 'milestone' } as Record<string, string>)[v] ?? v;
  return { t: 'str', v: aliases[v] ?? v };
}

const parseItem = (isDigit: boolean, s: string): Item => (isDigit ? { t: 'int', v: BigInt(s) } : strItem(s, false));

const isNull = (i: Item) => (i.t === 'int' ? i.v === 0n : i.t === 'str' ? i.v === '' : i.v.length === 0);

function normalize(list: Item[]): void {
  for (let i = list.length - 1; i >= 0; i--) {
    const item = list[i]!;
    if (isNull(item)) list.splice(i, 1);
    else if (item.t !== 'list') break;
  }
}

export function parseMaven(version: string): Item {
  const s = version.trim().toLowerCase();
  if (!s || /\s/.test(s)) throw new VersionError(`not a Maven version: ${JSON.stringify(version)}`);
  const top: Item[] = [];
  let list = top;
  const stack: Item[][] = [top];
  let isDigit = false;
  let start = 0;
  const push = () => {
    const next: Item[] = [];
    list.push({ t: 'list', v: next });
    list = next;
    stack.push(next);
  };
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c === '.') {
      list.push(i === start ? { t: 'int', v: 0n } : parseItem(isDigit, s.slice(start, i)));
      start = i + 1;
    } else if (c === '-') {
      list.push(i === start ? { t: 'int', v: 0n } : parseItem(isDigit, s.slice(start, i)));
      start = i + 1;
      push();
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        list.push(strItem(s.slice(start, i), true));
        start = i;
        push();
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.push(parseItem(true, s.slice(start, i)));
        start = i;
        push();
      }
      isDigit = false;
    }
  }
  if (s.length > start) list.push(parseItem(isDigit, s.slice(start)));
  while (stack.length) normalize(stack.pop()!);
  return { t: 'list', v: top };
}

/** Compares an item with an absent one (`null` in Maven's code). */
function compareNull(a: Item): number {
  if (a.t === 'int') return a.v === 0n ? 0 : 1;
  if (a.t === 'str') return comparableQualifier(a.v) < releaseIndex ? -1 : comparableQualifier(a.v) > releaseIndex ? 1 : 0;
  return a.v.length === 0 ? 0 : compareNull(a.v[0]!);
}

export function compareMaven(a: Item | undefined, b: Item | undefined): number {
  if (!a) return b ? -compareNull(b) : 0;
  if (!b) return compareNull(a);
  if (a.t === 'int') {
    if (b.t === 'int') return a.v < b.v ? -1 : a.v > b.v ? 1 : 0;
    return 1; // an int beats a qualifier and a sub-list
  }
  if (a.t === 'str') {
    if (b.t === 'int') return -1;
    if (b.t === 'list') return -1;
    const x = comparableQualifier(a.v);
    const y = comparableQualifier(b.v);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (b.t === 'int') return -1;
  if (b.t === 'str') return 1;
  const n = Math.max(a.v.length, b.v.length);
  for (let i = 0; i < n; i++) {
    const r = compareMaven(a.v[i], b.v[i]);
    if (r !== 0) return r;
  }
  return 0;
}

export const mavenOrdering = orderingFrom(parseMaven, compareMaven);
