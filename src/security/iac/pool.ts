// Runs work items on worker threads. Parsing (YAML, and HCL in WebAssembly) is CPU-bound and each
// file is independent, so a scan of many files uses every core; small scans stay in-process because
// starting a worker (and loading the resource specification in it) costs ~0.5 s.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runWork, type WorkItem, type WorkResult } from './work.js';

const workerFile = fileURLToPath(new URL('./worker.js', import.meta.url));

/** Below this many items the pool isn't worth its start-up cost. */
export const minItemsForThreads = 64;

export async function runAll(items: WorkItem[], threads: number, onDone: (result: WorkResult, item: WorkItem) => void, signal?: AbortSignal): Promise<void> {
  // Workers need the compiled worker.js; from TypeScript sources (tests) everything runs in-process.
  if (threads <= 1 || items.length < minItemsForThreads || !existsSync(workerFile)) {
    for (const item of items) {
      signal?.throwIfAborted();
      onDone(await runWork(item), item);
    }
    return;
  }
  const workers = Array.from({ length: threads }, () => new Worker(workerFile));
  let next = 0;
  try {
    await Promise.all(
      workers.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              if (signal?.aborted) return reject(signal.reason);
              if (next >= items.length) return resolve();
              const id = next++;
              worker.postMessage({ id, item: items[id] });
            };
            worker.on('message', (message: { id: number; result: WorkResult }) => {
              onDone(message.result, items[message.id]);
              send();
            });
            worker.on('error', reject);
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(workers.map((w) => w.terminate()));
  }
}
