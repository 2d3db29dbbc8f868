// Small helpers shared by the detector tables, so each table reads as data.
import type { Detector } from '../model.js';
import { decodeBase64 } from '../checksums.js';

export type DetectorSpec = Omit<Detector, 'family'>;

export function family(name: string, specs: DetectorSpec[]): Detector[] {
  return specs.map((spec) => ({ family: name, ...spec }));
}

/** Decodes a base64url JSON segment; undefined when it is not JSON. */
export function decodeJsonSegment(segment: string): Record<string, unknown> | undefined {
  const bytes = decodeBase64(segment);
  if (!bytes) return undefined;
  try {
    const value = JSON.parse(bytes.toString('utf8')) as unknown;
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** True when the value has at least one letter and one digit: random tokens almost always do, words do not. */
export function hasLettersAndDigits(value: string): boolean {
  return /[A-Za-z]/.test(value) && /[0-9]/.test(value);
}

export const rotate = 'Revoke the credential at its issuer, issue a new one, and move it to a secret store (`paved secrets put`).';
