// Package registries, infrastructure tools and their credential files (.npmrc, .netrc, .pgpass, docker config).
import { decodeBase64, hasBase62Crc32 } from '../checksums.js';
import { isPlaceholder } from '../placeholders.js';
import { family, rotate } from './define.js';

/** A PyPI token is a base64url macaroon: version 2, location "pypi.org" or "test.pypi.org", then an identifier. */
export function isPypiMacaroon(token: string): boolean {
  const bytes = decodeBase64(token.slice('pypi-'.length));
  if (!bytes || bytes.length < 40 || bytes[0] !== 2 || bytes[1] !== 1) return false;
  const length = bytes[2]!;
  const location = bytes.subarray(3, 3 + length).toString('latin1');
  return (location === 'pypi.org' || location === 'test.pypi.org') && bytes[3 + length] === 2;
}

export const packageDetectors = family('packages', [
  {
    id: 'npm-access-token',
    title: 'npm access token',
    description: 'An npm access token (npm_ + 36 characters ending in a base62 CRC32 checksum that is verified).',
    severity: 'critical',
    keywords: ['npm_'],
    regex: /\b(npm_[A-Za-z0-9]{36})\b/g,
    verify: (secret) => hasBase62Crc32(secret.slice(4)),
    noPlaceholderCheck: true,
    priority: 90,
    remediation: 'Revoke it with `npm token revoke` and create a granular token with an expiry.',
    equivalents: { gitleaks: ['npm-access-token'] },
  },
  {
    id: 'npmrc-auth',
    title: 'Credential in .npmrc',
    description: 'An _authToken, _auth or _password line in an npm configuration file.',
    severity: 'high',
    keywords: ['_authtoken', '_auth', '_password'],
    regex: /^[ \t]*(?:\/\/[^\s:=]+:)?(?:_authToken|_auth|_password)[ \t]*=[ \t]*["']?([^\s"'$]{8,})["']?[ \t]*$/gm,
    priority: 40,
    verify: (secret) => !/^\$\{?/.test(secret),
    remediation: 'Use `${NPM_TOKEN}` in .npmrc and set the variable in CI; revoke the token that was committed.',
  },
  {
    id: 'pypi-upload-token',
    title: 'PyPI upload token',
    description: 'A PyPI or TestPyPI API token (pypi-… macaroon; its structure is decoded and verified).',
    severity: 'critical',
    keywords: ['pypi-age'],
    regex: /\b(pypi-AgE[A-Za-z0-9_-]{50,})(?![A-Za-z0-9_-])/g,
    verify: isPypiMacaroon,
    noPlaceholderCheck: true,
    priority: 90,
    remediation: 'Remove the token in PyPI Account settings > API tokens and use trusted publishing.',
    equivalents: { gitleaks: ['pypi-upload-token'] },
  },
  {
    id: 'dockerhub-pat',
    title: 'Docker Hub personal access token',
    description: 'A Docker Hub personal or organization access token (dckr_pat_/dckr_oat_).',
    severity: 'high',
    keywords: ['dckr_pat_', 'dckr_oat_'],
    regex: /\b(dckr_(?:pat|oat)_[A-Za-z0-9_-]{27,})(?![A-Za-z0-9_-])/g,
    entropy: 3.5,
    remediation: rotate,
  },
  {
    id: 'docker-config-auth',
    title: 'Registry credential in a Docker config',
    description: 'A base64 user:password in the "auths" of a Docker config.json or a dockerconfigjson secret.',
    severity: 'high',
    keywords: ['auths'],
    regex: /"auth"\s*:\s*"([A-Za-z0-9+/]{12,}={0,2})"/g,
    verify: (secret) => {
      const decoded = decodeBase64(secret)?.toString('utf8') ?? '';
      const colon = decoded.indexOf(':');
      return colon > 0 && /^[\x20-\x7e]+$/.test(decoded) && !isPlaceholder(decoded.slice(colon + 1));
    },
    remediation: 'Run `docker logout`, rotate the password/token, and use a credential helper.',
  },
  {
    id: 'rubygems-api-key',
    title: 'RubyGems API key',
    description: 'A RubyGems.org API key (rubygems_…).',
    severity: 'high',
    keywords: ['rubygems_'],
    regex: /\b(rubygems_[a-f0-9]{48})\b/g,
    entropy: 3.0,
    remediation: rotate,
  },
  {
    id: 'nuget-api-key',
    title: 'NuGet API key',
    description: 'A NuGet.org API key (oy2… 46 characters).',
    severity: 'high',
    keywords: ['oy2'],
    regex: /\b(oy2[a-z0-9]{43})\b/g,
    entropy: 3.5,
    remediation: rotate,
  },
  {
    id: 'pulumi-access-token',
    title: 'Pulumi access token',
    description: 'A Pulumi Cloud access token (pul-…).',
    severity: 'high',
    keywords: ['pul-'],
    regex: /\b(pul-[a-f0-9]{40})\b/g,
    entropy: 3.0,
    remediation: rotate,
  },
  {
    id: 'terraform-cloud-token',
    title: 'Terraform Cloud / Enterprise token',
    description: 'A Terraform Cloud API token (….atlasv1.…).',
    severity: 'high',
    keywords: ['atlasv1'],
    regex: /\b([A-Za-z0-9]{14}\.atlasv1\.[A-Za-z0-9_=-]{60,70})(?![A-Za-z0-9_=-])/g,
    entropy: 3.5,
    remediation: rotate,
  },
  {
    id: 'hashicorp-vault-token',
    title: 'HashiCorp Vault token',
    description: 'A HashiCorp Vault service, batch or recovery token (hvs./hvb./hvr.).',
    severity: 'critical',
    keywords: ['hvs.', 'hvb.', 'hvr.'],
    regex: /\b(hv[sbr]\.[A-Za-z0-9_-]{90,})(?![A-Za-z0-9_-])/g,
    entropy: 4.0,
    remediation: 'Revoke it with `vault token revoke` and prefer short TTLs and auth methods over static tokens.',
    equivalents: { gitleaks: ['vault-service-token', 'vault-batch-token'] },
  },
  {
    id: 'netrc-password',
    title: 'Password in a .netrc file',
    description: 'A `machine … login … password …` entry (curl, git, ftp read it).',
    severity: 'high',
    keywords: ['machine'],
    regex: /\bmachine[ \t]+\S+[ \t\r\n]+(?:(?:login|account|port)[ \t]+\S+[ \t\r\n]+)*password[ \t]+(\S{6,})/g,
    priority: 40,
    remediation: 'Remove the file from the repository, rotate the password, and use a credential helper.',
  },
  {
    id: 'pgpass-password',
    title: 'Password in a .pgpass file',
    description: 'A hostname:port:database:username:password line in a PostgreSQL password file.',
    severity: 'high',
    keywords: [],
    path: /(?:^|\/)\.?pgpass$/,
    regex: /^[^:#\s]+:(?:\d+|\*):[^:\s]+:[^:\s]+:(\S{4,})$/gm,
    remediation: 'Remove the file from the repository and rotate the database password.',
  },
]);
