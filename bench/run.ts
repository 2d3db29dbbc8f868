// `npm run bench [name…]`: runs the benchmarks in bench/*.bench.ts (compiled to dist/bench).
// Each prints its figures and the peer it was compared with; results are copied into docs/benchmarks.md.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { cpus, totalmem } from 'node:os';

export interface BenchModule {
  /** Runs the benchmark and prints a Markdown section with its figures. */
  default: () => Promise<void>;
}

const here = dirname(fileURLToPath(import.meta.url));
const wanted = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js'))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.startsWith(w)))
  .sort();

console.log(`# Paved benchmarks, ${new Date().toISOString()}`);
console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${Math.round(totalmem() / 2 ** 30)} GiB, node ${process.versions.node}\n`);
for (const file of files) {
  console.log(`## ${file.replace(/\.bench\.js$/, '')}`);
  const mod = (await import(join(here, file))) as BenchModule;
  await mod.default();
  console.log();
}
if (files.length === 0) console.log('no benchmark matched', wanted.join(' '));
