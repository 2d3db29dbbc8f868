// Reads and analyses one file, turning every failure into a result (never an exception).
import { readFileSync } from 'node:fs';
import type { Finding } from '../finding.js';
import { analyzeSource } from './analyze.js';
import { looksBinary } from '../files.js';

export interface FileTask { path: string; relativePath: string }
export interface FileOutcome { relativePath: string; findings: Finding[]; skipped?: 'minified' | 'binary' | 'unreadable'; bytes: number; error?: string }

/** Reads synchronously: per small file that is cheaper than a promise round trip, and the analysis is synchronous anyway. */
export function analyzeFile(task: FileTask): FileOutcome {
  let data: Buffer;
  try {
    data = readFileSync(task.path);
  } catch (err) {
    return { relativePath: task.relativePath, findings: [], skipped: 'unreadable', bytes: 0, error: (err as Error).message };
  }
  if (looksBinary(data.subarray(0, 8000))) return { relativePath: task.relativePath, findings: [], skipped: 'binary', bytes: data.length };
  try {
    const result = analyzeSource(task.relativePath, data.toString('utf8'));
    return { relativePath: task.relativePath, findings: result.findings, skipped: result.skipped, bytes: data.length };
  } catch (err) {
    // A bug in a rule must not hide the other files' results: report it like a file we could not parse.
    return { relativePath: task.relativePath, findings: [], skipped: 'unreadable', bytes: data.length, error: `analysis failed: ${(err as Error).message}` };
  }
}
