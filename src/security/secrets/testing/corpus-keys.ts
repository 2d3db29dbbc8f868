// Generated private keys and JWTs for the labelled corpus (random bytes in the right structure).
import { type Rng, b64Chars, bytes, chars, urlChars } from './random.js';

export function pemBlock(rng: Rng, label: string, headers = ''): string {
  const lines: string[] = [];
  for (let i = 0; i < 12; i++) lines.push(chars(rng, b64Chars, 64));
  return `-----BEGIN ${label}-----\n${headers}${lines.join('\n')}\n${chars(rng, b64Chars, 20)}==\n-----END ${label}-----\n`;
}

export function opensshKey(rng: Rng, cipher: string): string {
  const name = Buffer.from(cipher, 'latin1');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(name.length);
  const body = Buffer.concat([Buffer.from('openssh-key-v1\0', 'latin1'), length, name, bytes(rng, 400)]).toString('base64');
  return `-----BEGIN OPENSSH PRIVATE KEY-----\n${body.match(/.{1,70}/g)!.join('\n')}\n-----END OPENSSH PRIVATE KEY-----\n`;
}

export function puttyKey(rng: Rng, encryption: string): string {
  return [
    'PuTTY-User-Key-File-3: ssh-ed25519',
    `Encryption: ${encryption}`,
    'Comment: deploy@build',
    'Public-Lines: 2',
    chars(rng, b64Chars, 64),
    chars(rng, b64Chars, 20),
    'Private-Lines: 1',
    chars(rng, b64Chars, 64),
    `Private-MAC: ${chars(rng, '0123456789abcdef', 64)}`,
  ].join('\n');
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

export function jwt(rng: Rng, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const payload = { sub: chars(rng, urlChars, 12), iat: 1700000000 + Math.floor(rng() * 1e6), exp: 1900000000, iss: 'auth.corp.internal' };
  return `${b64url(header)}.${b64url(payload)}.${chars(rng, urlChars, 43)}`;
}

/** A PyPI-style macaroon: version 2, location field, identifier field, end of section, signature field. */
export function pypiToken(rng: Rng, location = 'pypi.org'): string {
  const loc = Buffer.from(location, 'latin1');
  const id = Buffer.from(chars(rng, '0123456789abcdef', 32), 'latin1');
  const macaroon = Buffer.concat([Buffer.from([2, 1, loc.length]), loc, Buffer.from([2, id.length]), id, Buffer.from([0, 6, 32]), bytes(rng, 32)]);
  return 'pypi-' + macaroon.toString('base64url');
}
