// Private keys (PEM, OpenSSH, PGP, PuTTY) and JSON Web Tokens.
import type { Verdict } from '../model.js';
import { decodeBase64 } from '../checksums.js';
import { decodeJsonSegment, family } from './define.js';

const rotateKey = 'Treat the key as compromised: replace it (new key pair, new certificate), update what trusts it, and purge it from history.';

/** The base64 body of a PEM block, without headers, escapes (`\n` in JSON) or whitespace. */
function pemBody(block: string): string {
  return block
    .replace(/-----(?:BEGIN|END)[A-Z0-9 ]+-----/g, '')
    .replace(/\\[nr]/g, '')
    .replace(/^[A-Za-z-]+:.*$/gm, '')
    .replace(/[^A-Za-z0-9+/=]/g, '');
}

/** A real key has a long base64 body; documentation shows `...` or a few characters. */
function verifyPem(block: string): Verdict {
  const body = pemBody(block);
  if (body.length < 64 || /^(.)\1+$/.test(body.slice(0, 32))) return false;
  if (/Proc-Type:\s*4,ENCRYPTED|ENCRYPTED PRIVATE KEY/.test(block)) {
    return { severity: 'medium', properties: { encrypted: true } };
  }
  return true;
}

/** OpenSSH keys name their cipher inside the base64 body: "openssh-key-v1\0" + string ciphername. */
function verifyOpenSsh(block: string): Verdict {
  const bytes = decodeBase64(pemBody(block).replace(/=+$/, ''));
  if (!bytes || bytes.length < 40 || bytes.subarray(0, 14).toString('latin1') !== 'openssh-key-v1') return false;
  const cipherLength = bytes.readUInt32BE(15);
  const cipher = bytes.subarray(19, 19 + cipherLength).toString('latin1');
  return cipher === 'none' ? true : { severity: 'medium', properties: { encrypted: true, cipher } };
}

const pem = (id: string, title: string, label: string, what: string, keyword: string) => ({
  id,
  title,
  description: `${what} (PEM \`-----BEGIN ${label}-----\`). Encrypted keys are reported with medium severity.`,
  severity: 'critical' as const,
  keywords: [keyword],
  regex: new RegExp(`(-----BEGIN ${label}-----[\\s\\S]{64,20000}?-----END ${label}-----)`, 'g'),
  verify: verifyPem,
  noPlaceholderCheck: true,
  priority: 50,
  remediation: rotateKey,
  equivalents: { gitleaks: ['private-key'], secretlint: ['@secretlint/secretlint-rule-privatekey'] },
});

export const keyDetectors = family('keys', [
  pem('private-key-rsa', 'RSA private key', 'RSA PRIVATE KEY', 'An RSA private key in PKCS#1', '-----begin rsa private key-----'),
  pem('private-key-ec', 'EC private key', 'EC PRIVATE KEY', 'An elliptic-curve private key (SEC1)', '-----begin ec private key-----'),
  pem('private-key-dsa', 'DSA private key', 'DSA PRIVATE KEY', 'A DSA private key', '-----begin dsa private key-----'),
  pem('private-key-pkcs8', 'PKCS#8 private key', 'PRIVATE KEY', 'A PKCS#8 private key (any algorithm)', '-----begin private key-----'),
  pem('private-key-pkcs8-encrypted', 'Encrypted PKCS#8 private key', 'ENCRYPTED PRIVATE KEY', 'A password-protected PKCS#8 private key', '-----begin encrypted private key-----'),
  {
    ...pem('private-key-openssh', 'OpenSSH private key', 'OPENSSH PRIVATE KEY', 'An OpenSSH private key; the cipher in the key decides if it is encrypted', '-----begin openssh private key-----'),
    verify: verifyOpenSsh,
  },
  {
    ...pem('private-key-pgp', 'PGP private key block', 'PGP PRIVATE KEY BLOCK', 'An OpenPGP secret key export', '-----begin pgp private key block-----'),
    verify: (block: string) => pemBody(block.replace(/^=[A-Za-z0-9+/]{4}$/m, '')).length >= 64,
  },
  {
    id: 'private-key-putty',
    title: 'PuTTY private key',
    description: 'A PuTTY .ppk private key (PuTTY-User-Key-File-2/3 with unencrypted or encrypted private lines).',
    severity: 'critical',
    keywords: ['putty-user-key-file-'],
    regex: /(PuTTY-User-Key-File-[23]: [\w-]+\r?\nEncryption: ([\w-]+)[\s\S]{0,4000}?Private-Lines: \d+\r?\n[A-Za-z0-9+/=]{40,})/g,
    secretGroup: 1,
    verify: (_secret: string, match: RegExpExecArray): Verdict =>
      match[2] === 'none' ? true : { severity: 'medium', properties: { encrypted: true, cipher: match[2] } },
    noPlaceholderCheck: true,
    priority: 50,
    remediation: rotateKey,
    equivalents: { gitleaks: ['private-key'] },
  },
  {
    id: 'jwt',
    title: 'JSON Web Token',
    description: 'A signed JWT (header.payload.signature) whose header decodes to JSON naming an `alg`; often a long-lived session or API credential.',
    severity: 'medium',
    keywords: ['eyj'],
    regex: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])/g,
    verify: (secret: string): Verdict => {
      const [header, payload] = secret.split('.');
      const decoded = decodeJsonSegment(header!);
      if (!decoded || typeof decoded.alg !== 'string' || decoded.alg.toLowerCase() === 'none') return false;
      const claims = decodeJsonSegment(payload!);
      if (!claims) return false;
      const properties: Record<string, unknown> = { alg: decoded.alg };
      if (typeof claims.exp === 'number') properties.expires = new Date(claims.exp * 1000).toISOString();
      if (typeof claims.iss === 'string') properties.issuer = claims.iss;
      return { properties };
    },
    priority: 30,
    remediation: 'Revoke the token (or rotate the signing key if it cannot be revoked) and load tokens at run time.',
    equivalents: { gitleaks: ['jwt'] },
  },
]);
