// Worker thread entry: runs WorkItems posted by pool.ts.
import { parentPort } from 'node:worker_threads';
import { runWork, type WorkItem } from './work.js';

parentPort?.on('message', async (message: { id: number; item: WorkItem }) => {
  const result = await runWork(message.item);
  parentPort!.postMessage({ id: message.id, result });
});
