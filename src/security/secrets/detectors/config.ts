// Credentials in configuration: connection strings, URLs with passwords, Kubernetes Secret manifests and
// a conservative generic "secret-named variable = high-entropy value" detector.
import { decodeBase64, shannonEntropy } from '../checksums.js';
import { isPlaceholder } from '../placeholders.js';
import { family, hasLettersAndDigits } from './define.js';

const rotatePassword = 'Change the password, load it from the environment or a secret store at run time, and purge it from history.';

/** Passwords in URLs are only reported when they are not placeholders nor variable references. */
const urlPassword = (secret: string) => secret.length >= 4 && !/^[$%{<]/.test(secret) && !isPlaceholder(decodeURIComponent(safe(secret)));
function safe(value: string): string {
  try {
    decodeURIComponent(value);
    return value;
  } catch {
    return value.replace(/%/g, '%25');
  }
}

const connection = (id: string, title: string, schemes: string, keywords: string[]) => ({
  id,
  title,
  description: `A password inside a ${title} connection string (${schemes.replace(/\\/g, '').replace(/\(\?:|\)/g, '')}://user:password@host).`,
  severity: 'high' as const,
  keywords,
  regex: new RegExp(`\\b(?:${schemes}):\\/\\/[^\\s:/@"'\`]{1,64}:([^\\s@/"'\`]{1,128})@[\\w.-]+`, 'g'),
  verify: urlPassword,
  priority: 45,
  remediation: rotatePassword,
});

/** Finds `kind: Secret` manifests and reports each non-placeholder value under `data:` / `stringData:`. */
function kubernetesSecrets(text: string) {
  const out: Array<{ start: number; end: number; secret: string; properties?: Record<string, unknown> }> = [];
  // Document boundaries: the offsets where each YAML document starts and ends.
  const bounds = [0];
  const separator = /^---[ \t]*$/gm;
  for (let m = separator.exec(text); m; m = separator.exec(text)) bounds.push(m.index, m.index + m[0].length);
  bounds.push(text.length);
  for (let i = 0; i < bounds.length; i += 2) {
    const docStart = bounds[i]!;
    const doc = text.slice(docStart, bounds[i + 1]);
    if (!/^kind:[ \t]*["']?Secret["']?[ \t]*$/m.test(doc)) continue;
    const block = /^(data|stringData):[ \t]*\r?\n((?:[ \t]+.*(?:\r?\n|$)|[ \t]*\r?\n)+)/gm;
    for (let m = block.exec(doc); m; m = block.exec(doc)) {
      const encoded = m[1] === 'data';
      const blockStart = docStart + m.index + m[0].length - m[2]!.length;
      const entry = /^([ \t]+)([\w.-]+):[ \t]*(["']?)([^\s"'#]+)\3[ \t]*$/gm;
      for (let e = entry.exec(m[2]!); e; e = entry.exec(m[2]!)) {
        const value = e[4]!;
        const plain = encoded ? decodeBase64(value)?.toString('utf8') : value;
        if (!plain || plain.length < 6 || isPlaceholder(plain) || /[^\x20-\x7e\r\n\t]/.test(plain)) continue;
        const start = blockStart + e.index + e[0].lastIndexOf(value);
        out.push({ start, end: start + value.length, secret: value, properties: { key: e[2], encoded } });
      }
    }
  }
  return out;
}

export const configDetectors = family('config', [
  connection('connection-string-postgres', 'PostgreSQL', '(?:postgres|postgresql)', ['postgres']),
  connection('connection-string-mysql', 'MySQL', '(?:mysql|mysql2|mysqlx|mariadb)', ['mysql', 'mariadb']),
  connection('connection-string-mongodb', 'MongoDB', '(?:mongodb|mongodb\\+srv)', ['mongodb']),
  connection('connection-string-redis', 'Redis', '(?:redis|rediss)', ['redis']),
  connection('connection-string-amqp', 'AMQP (RabbitMQ)', '(?:amqp|amqps)', ['amqp']),
  {
    ...connection('url-basic-auth', 'HTTP or FTP URL', '(?:https?|ftp|sftp|ssh|git\\+https?|smtps?|ldaps?)', ['://']),
    title: 'Password in a URL',
    description: 'A password embedded in an http(s), ftp, ssh, smtp or ldap URL (scheme://user:password@host).',
    priority: 20,
  },
  {
    id: 'kubernetes-secret-data',
    title: 'Kubernetes Secret manifest with data',
    description: 'A value under `data:` (base64, decoded and checked) or `stringData:` of a `kind: Secret` manifest.',
    severity: 'high',
    keywords: ['kind: secret', 'kind: "secret"', "kind: 'secret'"],
    regex: /$^/g,
    matcher: kubernetesSecrets,
    priority: 30,
    remediation: 'Keep Secret manifests out of git: use sealed-secrets, SOPS or an external secret operator.',
  },
  {
    id: 'generic-secret',
    title: 'Generic secret assignment',
    description:
      'A secret-, token-, password- or key-named variable assigned a high-entropy value (≥ 16 characters, letters and digits, entropy ≥ 3.5 bits/char). Deliberately conservative.',
    severity: 'medium',
    keywords: ['api_key', 'api-key', 'apikey', 'api.key', 'access_key', 'accesskey', 'auth_key', 'private_key', 'secret', 'token', 'passw', 'pwd', 'credential'],
    regex:
      /(?:api[_.-]?key|access[_.-]?key|auth[_.-]?key|private[_.-]?key|secret|token|passw(?:or)?d|pwd|credentials?)([\w.-]{0,20})["'\]]?[ \t]*(?::=|=>|==|=|:|,)[ \t]*(?:[bru]?["'`])?([A-Za-z0-9+/_~.=@!#%^*-]{16,128})(?:["'`]|[ \t]*(?:$|[;,)}\]#]))/gim,
    secretGroup: 2,
    verify: (secret, match) => {
      // `private_key_id`, `token_url`, `secret_name`: the value names or locates a secret, it is not one.
      if (/(?:^|[_.-])(?:id|ids|name|names|url|uri|endpoint|file|path|type|length|len|size|count|ttl|expiry|expires|timeout|version|prefix|header|field|ref)$/i.test(match[1] ?? '')) return false;
      if (!hasLettersAndDigits(secret) || shannonEntropy(secret) < 3.5) return false;
      // File paths, dotted identifiers, versions and URLs are not secrets.
      if (/^[\w-]+(?:[./][\w-]+){2,}$/.test(secret) && !/[A-Z].*[0-9]|[0-9].*[A-Z]/.test(secret.replace(/[./]/g, ''))) return false;
      if (/^(?:[a-z]+[A-Z_.-]?)+\d*$/.test(secret) && secret.length < 24) return false;
      return true;
    },
    priority: 0,
    remediation: rotatePassword,
    equivalents: { gitleaks: ['generic-api-key'], secretlint: ['@secretlint/secretlint-rule-basicauth'] },
  },
]);
