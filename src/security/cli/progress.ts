// A one-line progress bar on stderr, drawn only when stderr is a terminal (never in CI logs or pipes).
import type { Writable } from 'node:stream';

export interface Progress {
  update(scanner: string, done: number, total: number): void;
  /** Erases the bar so the report starts on a clean line. */
  clear(): void;
}

const width = 24;
/** Redraw at most this often: scanners report per file, and a terminal cannot show 10,000 frames a second. */
const minIntervalMs = 80;

export function progressBar(stream: Writable & { isTTY?: boolean }, now: () => number = Date.now): Progress | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let drawn = false;
  return {
    update(scanner, done, total) {
      const t = now();
      if (t - last < minIntervalMs && done < total) return;
      last = t;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const filled = Math.round(ratio * width);
      const bar = '#'.repeat(filled) + '-'.repeat(width - filled);
      stream.write(`\r\x1b[K${scanner.padEnd(8)} [${bar}] ${done}/${total}`);
      drawn = true;
    },
    clear() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
