// A worker thread of a directory scan: builds its own engine (regexes can't cross threads) and scans the
// batches of files the main thread sends, replying with findings.
import { readFileSync } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { prepare, type SecretsOptions } from './setup.js';
import { scanBuffer, type WorkerReply, type WorkerRequest } from './tree.js';

const data = workerData as { configFile?: string; options: SecretsOptions; detectorIds: string[]; ignored: Array<[string, string]> };
const options: SecretsOptions = { ...data.options, rules: data.detectorIds };
if (data.configFile) options.config = data.configFile;
const prepared = await prepare(undefined, options);
prepared.ignored = new Map(data.ignored);

parentPort!.on('message', (request: WorkerRequest) => {
  const reply: WorkerReply = { findings: [], binary: 0, notes: [], done: 0 };
  for (const file of request.files) {
    reply.done++;
    let content: Buffer;
    try {
      content = readFileSync(file.path);
    } catch (error) {
      reply.notes.push(`could not read ${file.relativePath}: ${(error as Error).message}`);
      continue;
    }
    const result = scanBuffer(prepared, options, file.relativePath, content);
    if (result.skipped === 'binary') reply.binary++;
    reply.findings.push(...result.findings);
  }
  parentPort!.postMessage(reply);
});
