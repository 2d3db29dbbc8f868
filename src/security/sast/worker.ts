// Worker thread entry: analyses the files it is sent and posts back their findings.
// The SAST scan spreads files over workers on big trees so both cores parse (see bench/sast.bench.ts).
import { parentPort } from 'node:worker_threads';
import { analyzeFile, type FileTask } from './scan-file.js';

parentPort?.on('message', (task: FileTask) => {
  parentPort!.postMessage(analyzeFile(task));
});
