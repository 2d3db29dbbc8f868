// Dockerfiles.
import type { Violation } from '../model.js';
import type { Dockerfile, Instruction } from '../parse/dockerfile.js';
import type { IacRule } from './types.js';
import { awsAccessKey, secretName } from './compute.js';

const hit = (i: Instruction, message: string): Violation => ({ message, path: `line:${i.line}`, position: { line: i.line, column: 1 } });

/** The base image of a FROM, without flags and stage name. */
function baseImage(from: Instruction): string {
  return from.args.split(/\s+/).filter((w) => !w.startsWith('--'))[0] ?? '';
}

/** KEY=value pairs of ENV/ARG, including the legacy `ENV KEY value` form and bare `ARG NAME`. */
function envPairs(i: Instruction): Array<[string, string]> {
  const unquote = (v: string) => v.replace(/^["']|["']$/g, '');
  if (i.args.includes('=')) return [...i.args.matchAll(/([A-Za-z_][\w.-]*)=("[^"]*"|'[^']*'|\S*)/g)].map((m) => [m[1], unquote(m[2])]);
  const [key, ...rest] = i.args.split(/\s+/);
  return key ? [[key, unquote(rest.join(' '))]] : [];
}

export const dockerRules: IacRule[] = [
  {
    id: 'PAVED-DOCKER-001',
    title: 'Image runs as root',
    severity: 'medium',
    description: 'Without a USER instruction (or with USER root) the container process runs as root, so any code execution bug runs as root.',
    remediation: 'Create an unprivileged user and add `USER app` (or a numeric UID) in the final stage.',
    references: ['https://docs.docker.com/build/building/best-practices/#user'],
    equivalents: { checkov: ['CKV_DOCKER_3', 'CKV_DOCKER_8'] },
    examples: { dockerBad: 'FROM node:22.11-alpine\nCOPY . /app\nCMD ["node", "/app/index.js"]\n', dockerGood: 'FROM node:22.11-alpine\nCOPY . /app\nUSER node\nCMD ["node", "/app/index.js"]\n' },
    docker: (d) => {
      const last = d.stages.length - 1;
      if (last < 0) return [];
      const users = d.instructions.filter((i) => i.name === 'USER' && i.stage === last);
      const final = users[users.length - 1];
      if (!final) return [hit(d.stages[last].from, 'The final stage has no USER instruction, so it runs as root.')];
      return /^(root|0)(:|$)/.test(final.args.trim()) ? [hit(final, 'The final stage runs as root.')] : [];
    },
  },
  {
    id: 'PAVED-DOCKER-002',
    title: 'ADD downloads from a URL',
    severity: 'medium',
    description: 'ADD from a URL fetches content without verifying it; a compromised or spoofed server changes what goes into the image.',
    remediation: 'Download with RUN curl/wget and verify a checksum, or use ADD --checksum=sha256:….',
    references: ['https://docs.docker.com/reference/dockerfile/#add'],
    equivalents: { checkov: ['CKV_DOCKER_4'] },
    examples: { dockerBad: 'FROM alpine:3.20\nADD https://example.com/tool.tgz /opt/\nUSER 1000\n', dockerGood: 'FROM alpine:3.20\nCOPY tool.tgz /opt/\nUSER 1000\n' },
    docker: (d) => d.instructions.filter((i) => i.name === 'ADD' && /(^|\s)https?:\/\//i.test(i.args) && !/--checksum=/.test(i.args)).map((i) => hit(i, 'ADD fetches a URL without a checksum.')),
  },
  {
    id: 'PAVED-DOCKER-003',
    title: 'Base image is not pinned',
    severity: 'medium',
    description: 'FROM without a tag or with :latest builds on whatever the registry serves that day: builds are not reproducible and can pick up a malicious image.',
    remediation: 'Pin the base image to a version tag, or better a digest (FROM image@sha256:…).',
    references: ['https://docs.docker.com/build/building/best-practices/#from'],
    equivalents: { checkov: ['CKV_DOCKER_7'] },
    examples: { dockerBad: 'FROM ubuntu\nUSER 1000\n', dockerGood: 'FROM ubuntu:24.04\nUSER 1000\n' },
    docker: (d) => {
      const stageNames = new Set(d.stages.map((s) => s.name?.toLowerCase()).filter(Boolean));
      return d.stages.flatMap(({ from }) => {
        const image = baseImage(from);
        if (!image || image === 'scratch' || stageNames.has(image.toLowerCase()) || image.includes('$') || image.includes('@sha256:')) return [];
        const tag = /:([^/:]+)$/.exec(image)?.[1];
        return !tag || tag === 'latest' ? [hit(from, `Base image ${image} is not pinned to a version or digest.`)] : [];
      });
    },
  },
  {
    id: 'PAVED-DOCKER-004',
    title: 'Secret in ENV or ARG',
    severity: 'high',
    description: 'ENV values are stored in the image config and ARG values in the build history: anyone who can pull the image can read them.',
    remediation: 'Use build secrets (RUN --mount=type=secret) and inject runtime secrets from the orchestrator.',
    references: ['https://docs.docker.com/build/building/secrets/'],
    equivalents: { checkov: ['CKV_SECRET_6'] },
    examples: { dockerBad: 'FROM alpine:3.20\nENV API_TOKEN=abcd1234efgh5678\nUSER 1000\n', dockerGood: 'FROM alpine:3.20\nARG VERSION=1.2.3\nENV APP_HOME=/app\nUSER 1000\n' },
    docker: (d) =>
      d.instructions
        .filter((i) => i.name === 'ENV' || i.name === 'ARG')
        .flatMap((i) =>
          envPairs(i)
            .filter(([key, value]) => (secretName.test(key) && (value.length >= 4 || i.name === 'ARG')) || awsAccessKey.test(value))
            .map(([key]) => hit(i, `${i.name} ${key} carries a secret into the image (value not shown).`)),
        ),
  },
  {
    id: 'PAVED-DOCKER-005',
    title: 'Remote script piped into a shell',
    severity: 'medium',
    description: 'curl … | sh runs whatever the server returns at build time, unverified.',
    remediation: 'Download the script, verify its checksum or signature, then run it.',
    references: ['https://docs.docker.com/build/building/best-practices/'],
    equivalents: {},
    examples: { dockerBad: 'FROM alpine:3.20\nRUN curl -fsSL https://get.example.com/install.sh | sh\nUSER 1000\n', dockerGood: 'FROM alpine:3.20\nRUN curl -fsSLo install.sh https://get.example.com/install.sh && echo "abc123  install.sh" | sha256sum -c && sh install.sh\nUSER 1000\n' },
    docker: (d) => d.instructions.filter((i) => i.name === 'RUN' && /(curl|wget)[^|;&]*\|\s*(sudo\s+)?(ba|z|da)?sh\b/.test(i.args)).map((i) => hit(i, 'A downloaded script is piped straight into a shell.')),
  },
];
