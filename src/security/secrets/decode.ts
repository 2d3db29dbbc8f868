// Encoded content: secrets hidden in base64 (Kubernetes data, CI variables, data: URLs) or hex blobs are
// decoded and rescanned. To keep plain files fast, blobs are only looked for when the prefilter sees the
// *encoded* form of a distinctive keyword (e.g. "QUtJQ" for "AKIA" at one of its three base64 alignments).
import type { Detector } from './model.js';

/** Generic keywords: too common to be useful encoded triggers. */
const genericDetectors = new Set(['generic-secret', 'url-basic-auth', 'jwt', 'mailchimp-api-key']);

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

/** Keywords of specific detectors, encoded in base64 (three alignments) and hex, in lower and upper case. */
export function decodeTriggers(detectors: readonly Detector[]): string[] {
  const triggers = new Set<string>();
  for (const detector of detectors) {
    if (genericDetectors.has(detector.id)) continue;
    for (const keyword of detector.keywords) {
      // Each trigger costs prefilter speed (measured: ~960 triggers doubled the prefilter time), so
      // keywords are cut to 12 characters and short generic ones are left out.
      if (keyword.length < 4) continue;
      for (const literal of new Set([keyword, keyword.toUpperCase()])) {
        for (const fragment of base64Fragments(literal.slice(0, 12))) triggers.add(fragment);
      }
      if (keyword.length <= 8) triggers.add(Buffer.from(keyword, 'latin1').toString('hex'));
    }
  }
  for (const extra of ['AIza', 'AKIA', 'password', 'PRIVATE KEY']) for (const f of base64Fragments(extra)) triggers.add(f);
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
