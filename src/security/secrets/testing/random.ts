// Deterministic random strings for the labelled corpus and the benchmark tree. Tokens are generated at run
// time (never pasted) so the repository holds no credential-shaped literals for push protection to flag.
import { base62, crc32 } from '../checksums.js';

export type Rng = () => number;

/** mulberry32: tiny, fast and seedable, so corpora are the same on every run. */
export function seeded(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const alnum = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
export const upperDigits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
export const lowerDigits = 'abcdefghijklmnopqrstuvwxyz0123456789';
export const hexChars = '0123456789abcdef';
export const b64Chars = alnum + '+/';
export const urlChars = alnum + '_-';
export const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function pick<T>(rng: Rng, items: readonly T[]): T {
  return items[Math.floor(rng() * items.length)]!;
}

export function chars(rng: Rng, alphabet: string, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(rng() * alphabet.length)];
  return out;
}

export function digits(rng: Rng, length: number): string {
  return String(1 + Math.floor(rng() * 9)) + chars(rng, '0123456789', length - 1);
}

export function bytes(rng: Rng, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = Math.floor(rng() * 256);
  return out;
}

/** `<prefix><30 random base62><6 base62 CRC32>`: the GitHub/npm token layout with a valid checksum. */
export function checksummed(rng: Rng, prefix: string): string {
  const body = chars(rng, alnum, 30);
  return prefix + body + base62(crc32(body), 6);
}

/** The same layout with a wrong checksum (last character changed). */
export function badChecksum(rng: Rng, prefix: string): string {
  const good = checksummed(rng, prefix);
  const last = good[good.length - 1]!;
  return good.slice(0, -1) + (last === 'A' ? 'B' : 'A');
}
