// Encoded content: secrets hidden in base64 (Kubernetes data, CI variables, data: URLs) or hex blobs are
// decoded and rescanned. To keep plain files fast, blobs are only looked for when the prefilter sees the
// *encoded* form of a distinctive keyword (e.g. "QUtJQ" for "AKIA" at one of its three base64 alignments).

/** The base64 characters of `literal` that do not depend on the bytes around it, for each alignment. */
function base64Fragments(literal: string): string[] {
  const fragments: string[] = [];
  const bytes = Buffer.from(literal, 'latin1');
  for (let align = 0; align < 3; align++) {
    const encoded = Buffer.concat([Buffer.alloc(align), bytes]).toString('base64');
    const firstBit = align * 8;
    const lastBit = (align + bytes.length) * 8;
    let fragment = '';
    for (let j = 0; j < encoded.length; j++) {
      if (j * 6 >= firstBit && j * 6 + 6 <= lastBit) fragment += encoded[j];
    }
    if (fragment.length >= Math.min(6, literal.length)) fragments.push(fragment);
  }
  return fragments;
}

/**
 * The literals whose encoded forms trigger decoding. Every trigger lengthens the prefilter's alternation:
 * encoding every detector keyword (~650 triggers) doubled the prefilter time, so this is a curated list of
 * the prefixes that real encoded leaks start with (CI variables, Kubernetes values, docker auths, data URLs).
 */
export const encodedPrefixes = [
  'ghp_', 'gho_', 'ghs_', 'github_pat_', 'glpat-', 'npm_', 'pypi-', 'AKIA', 'ASIA', 'aws_secret_access_key',
  'AccountKey=', '-----BEGIN', 'xoxb-', 'xoxp-', 'hooks.slack.com', 'sk_live_', 'sk-ant-', 'sk-proj-', 'AIza',
  'dop_v1_', 'hvs.', 'postgres://', 'postgresql://', 'mysql://', 'mongodb', 'redis://', 'amqp://',
  'password', 'PASSWORD', 'secret', 'SECRET', 'token', 'TOKEN',
];
const hexPrefixes = ['ghp_', 'github_pat_', 'npm_', 'AKIA', '-----BEGIN', 'xoxb-', 'sk_live_', 'password'];

/** Encoded triggers: base64 (three alignments) and hex of the prefixes, plus base64-of-base64 of a few. */
export function decodeTriggers(): string[] {
  const triggers = new Set<string>();
  for (const literal of encodedPrefixes) for (const fragment of base64Fragments(literal.slice(0, 12))) triggers.add(fragment);
  for (const literal of hexPrefixes) triggers.add(Buffer.from(literal.slice(0, 8), 'latin1').toString('hex'));
  // Doubly encoded values (a base64 Kubernetes value holding a base64 config) of the most common formats.
  for (const literal of ['ghp_', 'AKIA', '-----BEGIN', 'xoxb-', 'npm_', 'glpat-']) {
    for (const once of base64Fragments(literal)) for (const twice of base64Fragments(once)) triggers.add(twice);
  }
  return [...triggers];
}

export interface EncodedBlob {
  start: number;
  end: number;
  encoding: 'base64' | 'hex';
  decoded: string;
}

/** Decoded text is kept only when it is mostly printable: random binary never holds a textual secret. */
function printable(bytes: Buffer): boolean {
  if (bytes.length < 8) return false;
  let ok = 0;
  for (const b of bytes) if ((b >= 0x20 && b < 0x7f) || b === 0x0a || b === 0x0d || b === 0x09) ok++;
  return ok / bytes.length >= 0.95;
}

const base64Blob = /[A-Za-z0-9+/_-]{20,}={0,2}/g;
const hexBlob = /\b(?:[0-9a-fA-F]{2}){10,}\b/g;

export function findEncodedBlobs(text: string): EncodedBlob[] {
  const blobs: EncodedBlob[] = [];
  hexBlob.lastIndex = 0;
  for (let m = hexBlob.exec(text); m; m = hexBlob.exec(text)) {
    const bytes = Buffer.from(m[0], 'hex');
    if (printable(bytes)) blobs.push({ start: m.index, end: m.index + m[0].length, encoding: 'hex', decoded: bytes.toString('latin1') });
  }
  base64Blob.lastIndex = 0;
  for (let m = base64Blob.exec(text); m; m = base64Blob.exec(text)) {
    if (blobs.some((b) => b.start <= m!.index && m!.index < b.end)) continue;
    const bytes = Buffer.from(m[0].replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (printable(bytes)) blobs.push({ start: m.index, end: m.index + m[0].length, encoding: 'base64', decoded: bytes.toString('latin1') });
  }
  return blobs;
}
