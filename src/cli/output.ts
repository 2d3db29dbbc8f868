// Printing helpers: JSON for --json, aligned tables for people, colours only when allowed.
import type { CommandIO } from './command.js';

export function printJson(io: CommandIO, value: unknown): void {
  io.stdout.write(JSON.stringify(value, null, 2) + '\n');
}

export function println(io: CommandIO, line = ''): void {
  io.stdout.write(line + '\n');
}

const codes = { red: 31, green: 32, yellow: 33, blue: 34, magenta: 35, cyan: 36, gray: 90, bold: 1 } as const;
export type Colour = keyof typeof codes;

export function paint(io: Pick<CommandIO, 'color'>, colour: Colour, text: string): string {
  return io.color ? `\x1b[${codes[colour]}m${text}\x1b[0m` : text;
}

/** Visible width of a string, ignoring ANSI colour codes. */
export function visibleLength(text: string): number {
  return text.replace(/\x1b\[[0-9;]*m/g, '').length;
}

/** Formats rows as a left-aligned table with a header row. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(visibleLength(h), ...rows.map((r) => visibleLength(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat(widths[i]! - visibleLength(c))))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}
