// TOML via smol-toml, with its error position turned into a LockfileError.
import { parse } from 'smol-toml';
import { LockfileError } from '../model.js';

export function parseTomlAt(text: string, file: string): Record<string, any> {
  try {
    return parse(text) as Record<string, any>;
  } catch (error) {
    const e = error as { line?: number; message: string };
    throw new LockfileError(file, e.line ?? 0, `invalid TOML: ${e.message.split('\n')[0]}`);
  }
}
