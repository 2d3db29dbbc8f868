// Directory scans: walk the tree, skip binaries and oversized files (with notes), read each file as
// latin1 and run the engine. Large trees are split across worker threads (2 cores here: ≈1.8× faster).
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { availableParallelism } from 'node:os';
import type { Finding } from '../finding.js';
import { looksBinary, walkFiles, type WalkedFile } from '../files.js';
import { hitToFinding } from './findings.js';
import type { PreparedScan, SecretsOptions } from './setup.js';

export interface TreeResult {
  findings: Finding[];
  notes: string[];
  scanned: number;
}

export interface FileOutcome {
  findings: Finding[];
  skipped?: 'binary' | 'unreadable';
  error?: string;
}

/** Scans one file's bytes. Exported for the worker threads. */
export function scanBuffer(prepared: PreparedScan, options: SecretsOptions, relativePath: string, content: Buffer): FileOutcome {
  if (looksBinary(content.subarray(0, 8000))) return { findings: [], skipped: 'binary' };
  const hits = prepared.engine.scan(content.toString('latin1'), { file: relativePath });
  return { findings: hits.map((hit) => hitToFinding(hit, { file: relativePath, redact: options.redact, ignored: prepared.ignored })) };
}

const workerUrl = new URL('./tree-worker.js', import.meta.url);
/** Workers need the compiled worker file; under a TypeScript test runner the scan runs in-process. */
const workersAvailable = () => workerUrl.protocol === 'file:' && existsSync(fileURLToPath(workerUrl));

export async function scanTree(root: string, prepared: PreparedScan, options: SecretsOptions, onProgress?: (done: number, total: number) => void, signal?: AbortSignal): Promise<TreeResult> {
  const files: WalkedFile[] = [];
  const large: string[] = [];
  for await (const file of walkFiles(root)) {
    if (prepared.engine.skipsPath(file.relativePath)) continue;
    if (file.size > options.maxFileSize) large.push(file.relativePath);
    else if (file.size > 0) files.push(file);
  }
  const threads = Math.min(options.threads, availableParallelism());
  const outcome = threads > 1 && files.length >= 400 && workersAvailable() ? await inWorkers(files, prepared, options, threads, onProgress, signal) : await inProcess(files, prepared, options, onProgress, signal);
  const notes = [...outcome.notes];
  if (outcome.binary) notes.push(`skipped ${outcome.binary} binary file${outcome.binary === 1 ? '' : 's'}`);
  if (large.length) notes.push(`skipped ${large.length} file${large.length === 1 ? '' : 's'} over ${Math.round(options.maxFileSize / 1024 / 1024)} MB: ${large.slice(0, 5).join(', ')}${large.length > 5 ? ', …' : ''}`);
  return { findings: outcome.findings, notes, scanned: files.length - outcome.binary };
}

interface Outcome {
  findings: Finding[];
  binary: number;
  notes: string[];
}

async function inProcess(files: WalkedFile[], prepared: PreparedScan, options: SecretsOptions, onProgress?: (d: number, t: number) => void, signal?: AbortSignal): Promise<Outcome> {
  const out: Outcome = { findings: [], binary: 0, notes: [] };
  let done = 0;
  // Synchronous reads: the scan is synchronous CPU work anyway, and readFileSync costs far less CPU than
  // a FileHandle open/stat/read/close round trip per file (profiled: 1.2 s of 2.6 s on 2,000 files).
  for (const file of files) {
    signal?.throwIfAborted();
    let content: Buffer;
    try {
      content = readFileSync(file.path);
    } catch (error) {
      out.notes.push(`could not read ${file.relativePath}: ${(error as Error).message}`);
      continue;
    }
    const result = scanBuffer(prepared, options, file.relativePath, content);
    if (result.skipped === 'binary') out.binary++;
    out.findings.push(...result.findings);
    onProgress?.(++done, files.length);
    // Yield now and then so a progress bar can draw and an abort can arrive.
    if (done % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
  }
  return out;
}

export interface WorkerRequest {
  files: Array<{ path: string; relativePath: string }>;
}
export interface WorkerReply {
  findings: Finding[];
  binary: number;
  notes: string[];
  done: number;
}

async function inWorkers(files: WalkedFile[], prepared: PreparedScan, options: SecretsOptions, threads: number, onProgress?: (d: number, t: number) => void, signal?: AbortSignal): Promise<Outcome> {
  const out: Outcome = { findings: [], binary: 0, notes: [] };
  const batchSize = 200;
  let next = 0;
  let done = 0;
  const workerData = { configFile: prepared.configFile, options, detectorIds: prepared.detectors.map((d) => d.id), ignored: [...prepared.ignored] };
  const run = (worker: Worker) =>
    new Promise<void>((resolvePromise, reject) => {
      const send = () => {
        if (signal?.aborted) return reject(signal.reason);
        if (next >= files.length) return resolvePromise();
        const batch = files.slice(next, next + batchSize).map((f) => ({ path: f.path, relativePath: f.relativePath }));
        next += batchSize;
        worker.postMessage({ files: batch } satisfies WorkerRequest);
      };
      worker.on('message', (reply: WorkerReply) => {
        out.findings.push(...reply.findings);
        out.binary += reply.binary;
        out.notes.push(...reply.notes);
        done += reply.done;
        onProgress?.(done, files.length);
        send();
      });
      worker.on('error', reject);
      send();
    });
  const workers = Array.from({ length: threads }, () => new Worker(workerUrl, { workerData }));
  try {
    await Promise.all(workers.map(run));
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
  return out;
}
