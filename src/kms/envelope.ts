// The cryptographic primitives of KMS, all from node:crypto (OpenSSL): AES-256-GCM for wrapping key
// material and for symmetric encryption, Ed25519 and ECDSA P-256 for signatures. No hand-rolled crypto.
import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, sign, verify, type KeyObject } from 'node:crypto';
import { InputError } from '../kernel/errors.js';
import type { KeySpec } from './model.js';

const IV = 12;
const TAG = 16;

/** AES-256-GCM: returns iv ‖ tag ‖ ciphertext. A fresh random 96-bit IV per message. */
export function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Buffer {
  const iv = randomBytes(IV);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(aad);
  const ct = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ct]);
}

/** Opens `seal`'s output; throws when the key, the AAD or a single byte is wrong. */
export function open(key: Buffer, sealed: Buffer, aad: Buffer): Buffer {
  if (sealed.length < IV + TAG) throw new Error('sealed data is too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV));
  decipher.setAAD(aad);
  decipher.setAuthTag(sealed.subarray(IV, IV + TAG));
  return Buffer.concat([decipher.update(sealed.subarray(IV + TAG)), decipher.final()]);
}

/** AAD binding wrapped material to its key and version. */
export function materialAad(keyId: string, version: number): Buffer {
  return Buffer.from(`${keyId}:${version}`, 'utf8');
}

export interface NewMaterial {
  /** Raw AES key, or the PKCS#8 DER private key. */
  material: Buffer;
  publicKeyPem: string | null;
}

export function generateMaterial(spec: KeySpec): NewMaterial {
  if (spec === 'SYMMETRIC_DEFAULT') return { material: randomBytes(32), publicKeyPem: null };
  const pair = spec === 'ED25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    material: pair.privateKey.export({ format: 'der', type: 'pkcs8' }),
    publicKeyPem: pair.publicKey.export({ format: 'pem', type: 'spki' }).toString(),
  };
}

export function privateKeyOf(material: Buffer): KeyObject {
  return createPrivateKey({ key: material, format: 'der', type: 'pkcs8' });
}

/** Ed25519 signs the message itself; ECDSA P-256 signs its SHA-256 (DER signature, as AWS KMS returns). */
export function signWith(spec: KeySpec, material: Buffer, message: Buffer): Buffer {
  return sign(spec === 'ED25519' ? null : 'sha256', message, privateKeyOf(material));
}

export function verifyWith(spec: KeySpec, publicKeyPem: string, message: Buffer, signature: Buffer): boolean {
  try {
    return verify(spec === 'ED25519' ? null : 'sha256', message, createPublicKey(publicKeyPem), signature);
  } catch {
    return false;
  }
}

// ---- ciphertext blobs --------------------------------------------------------------------------
// A ciphertext blob names its key and version, so Decrypt needs no key id (as in AWS KMS) and old
// versions keep decrypting after rotation:  0x01 ‖ len(keyId) ‖ keyId ‖ version (u32 BE) ‖ iv ‖ tag ‖ ct.
// The header and the encryption context are the AAD, so neither can be changed without detection.

const FORMAT = 1;

export interface BlobHeader {
  keyId: string;
  version: number;
  header: Buffer;
  sealed: Buffer;
}

export function blobHeader(keyId: string, version: number): Buffer {
  const id = Buffer.from(keyId, 'utf8');
  const header = Buffer.alloc(2 + id.length + 4);
  header[0] = FORMAT;
  header[1] = id.length;
  id.copy(header, 2);
  header.writeUInt32BE(version, 2 + id.length);
  return header;
}

export function parseBlob(blob: Buffer): BlobHeader {
  const bad = () => new InputError('the ciphertext blob is not one Paved KMS produced', [{ path: 'ciphertextBlob', message: 'unrecognised format' }]);
  if (blob.length < 2 || blob[0] !== FORMAT) throw bad();
  const idLength = blob[1]!;
  const end = 2 + idLength + 4;
  if (blob.length < end + IV + TAG) throw bad();
  return {
    keyId: blob.subarray(2, 2 + idLength).toString('utf8'),
    version: blob.readUInt32BE(2 + idLength),
    header: blob.subarray(0, end),
    sealed: blob.subarray(end),
  };
}

/** Canonical bytes of an encryption context: sorted keys, so {a,b} and {b,a} are the same context. */
export function contextAad(header: Buffer, context: Record<string, string> | undefined): Buffer {
  const entries = Object.entries(context ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Buffer.concat([header, Buffer.from(JSON.stringify(entries), 'utf8')]);
}
