// A thin layer over node:util parseArgs that turns its errors into UsageError (exit 2)
// and recognises --help everywhere.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../kernel/errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface Parsed<V> {
  values: V;
  positionals: string[];
  help: boolean;
}

export function parse<O extends Options>(
  args: string[],
  options: O,
  { allowPositionals = true }: { allowPositionals?: boolean } = {},
) {
  try {
    const result = parseArgs({
      args,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals,
      strict: true,
    });
    const { help, ...values } = result.values as Record<string, unknown>;
    return { values, positionals: result.positionals, help: Boolean(help) } as unknown as Parsed<
      ReturnType<typeof parseArgs<{ options: O; args: string[]; allowPositionals: true; strict: true }>>['values']
    >;
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

/** Reads a whole stream (standard input for `secrets put`, `scan -`). */
export async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks);
}
