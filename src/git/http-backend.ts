// Runs `git http-backend` as a CGI program (RFC 3875) for one request: the request body streams into
// its stdin (gzip-encoded bodies included: http-backend inflates them itself), its CGI headers are
// parsed (Status, Content-Type, …) and the rest of its stdout streams to the client.
import { spawn } from 'node:child_process';
import { PassThrough, type Readable } from 'node:stream';
import { gitEnv } from './repo-fs.js';

export interface CgiRequest {
  projectRoot: string;
  /** `/owner/name.git/info/refs` */
  pathInfo: string;
  method: string;
  query: string;
  headers: Record<string, string | string[] | undefined>;
  remoteUser?: string;
  remoteAddr?: string;
  body?: Readable;
  /** Extra environment for the child (and the hooks receive-pack runs). */
  env?: Record<string, string>;
}

export interface CgiResponse {
  status: number;
  headers: Record<string, string>;
  body: PassThrough;
  /** Resolves when http-backend exited, with its exit code and what it printed to stderr. */
  exited: Promise<{ code: number; stderr: string }>;
}

const MAX_HEADER_BYTES = 64 * 1024;

function header(headers: CgiRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/**
 * Starts http-backend and resolves once its CGI headers are parsed. `holdEnd` keeps the body open after
 * the child exits so the caller can finish work (recording a push) before the client sees the end.
 */
export function runHttpBackend(req: CgiRequest, options: { holdEnd?: boolean } = {}): Promise<CgiResponse> {
  const env = gitEnv({
    GIT_PROJECT_ROOT: req.projectRoot,
    GIT_HTTP_EXPORT_ALL: '1',
    GATEWAY_INTERFACE: 'CGI/1.1',
    PATH_INFO: req.pathInfo,
    REQUEST_METHOD: req.method,
    QUERY_STRING: req.query,
    REMOTE_USER: req.remoteUser ?? '',
    REMOTE_ADDR: req.remoteAddr ?? '',
    ...(req.env ?? {}),
  });
  const contentType = header(req.headers, 'content-type');
  if (contentType) env.CONTENT_TYPE = contentType;
  // Without CONTENT_LENGTH http-backend reads to end of input, which is what chunked requests need.
  const contentLength = header(req.headers, 'content-length');
  if (contentLength) env.CONTENT_LENGTH = contentLength;
  const encoding = header(req.headers, 'content-encoding');
  if (encoding) env.HTTP_CONTENT_ENCODING = encoding;
  // Protocol v2 is negotiated through this header; http-backend passes it on as GIT_PROTOCOL.
  const protocol = header(req.headers, 'git-protocol');
  if (protocol) {
    env.HTTP_GIT_PROTOCOL = protocol;
    env.GIT_PROTOCOL = protocol;
  }

  const child = spawn('git', ['http-backend'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => {
    if (stderr.length < 16_384) stderr += c.toString('utf8');
  });
  const exited = new Promise<{ code: number; stderr: string }>((resolve) => {
    child.on('close', (code) => resolve({ code: code ?? 1, stderr }));
    child.on('error', (err) => resolve({ code: 1, stderr: String(err) }));
  });
  child.stdin.on('error', () => undefined);
  if (req.body) {
    req.body.pipe(child.stdin);
    req.body.on('error', () => child.kill());
  } else child.stdin.end();

  return new Promise((resolve, reject) => {
    const body = new PassThrough();
    let head = Buffer.alloc(0);
    let parsed = false;
    const onData = (chunk: Buffer) => {
      if (parsed) return;
      head = Buffer.concat([head, chunk]);
      const crlf = head.indexOf('\r\n\r\n');
      const lf = head.indexOf('\n\n');
      const end = crlf >= 0 && (lf < 0 || crlf < lf) ? crlf : lf;
      if (end < 0) {
        if (head.length > MAX_HEADER_BYTES) {
          child.kill();
          reject(new Error('git http-backend sent no CGI header'));
        }
        return;
      }
      parsed = true;
      child.stdout.off('data', onData);
      const headers: Record<string, string> = {};
      let status = 200;
      for (const line of head.subarray(0, end).toString('latin1').split(/\r?\n/)) {
        const colon = line.indexOf(':');
        if (colon <= 0) continue;
        const name = line.slice(0, colon).trim().toLowerCase();
        const value = line.slice(colon + 1).trim();
        if (name === 'status') status = Number.parseInt(value, 10) || 500;
        else headers[name] = value;
      }
      const rest = head.subarray(end + (end === crlf ? 4 : 2));
      if (rest.length) body.write(rest);
      child.stdout.pipe(body, { end: !options.holdEnd });
      resolve({ status, headers, body, exited });
    };
    child.stdout.on('data', onData);
    void exited.then(({ code, stderr: err }) => {
      if (!parsed) reject(new Error(`git http-backend exited with ${code} before answering: ${err.trim().split('\n')[0] ?? ''}`));
    });
  });
}
