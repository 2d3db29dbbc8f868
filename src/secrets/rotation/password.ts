// Random passwords (the built-in rotator and the PostgreSQL rotator use it). Uniform over the allowed
// alphabet by rejection sampling from crypto.randomInt; optionally at least one of each included class.
import { randomInt } from 'node:crypto';
import { InputError } from '../../kernel/errors.js';

export interface PasswordOptions {
  length?: number;
  excludeCharacters?: string;
  excludePunctuation?: boolean;
  excludeNumbers?: boolean;
  excludeUppercase?: boolean;
  excludeLowercase?: boolean;
  requireEachIncludedType?: boolean;
}

const CLASSES = {
  lower: 'abcdefghijklmnopqrstuvwxyz',
  upper: 'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
  digits: '0123456789',
  punctuation: '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~',
};

export function checkPasswordOptions(o: PasswordOptions): void {
  const length = o.length ?? 32;
  if (!Number.isInteger(length) || length < 8 || length > 4096) throw new InputError('password length must be an integer from 8 to 4096', [{ path: 'config.length', message: String(o.length) }]);
  if (!classes(o).length) throw new InputError('the password options exclude every character', [{ path: 'config', message: 'empty alphabet' }]);
}

function classes(o: PasswordOptions): string[] {
  const drop = new Set(o.excludeCharacters ?? '');
  const pick = (s: string) => [...s].filter((c) => !drop.has(c)).join('');
  return [
    o.excludeLowercase ? '' : pick(CLASSES.lower),
    o.excludeUppercase ? '' : pick(CLASSES.upper),
    o.excludeNumbers ? '' : pick(CLASSES.digits),
    o.excludePunctuation ? '' : pick(CLASSES.punctuation),
  ].filter(Boolean);
}

export function randomPassword(o: PasswordOptions = {}): string {
  checkPasswordOptions(o);
  const length = o.length ?? 32;
  const sets = classes(o);
  const alphabet = sets.join('');
  const out = Array.from({ length }, () => alphabet[randomInt(alphabet.length)]!);
  if (o.requireEachIncludedType !== false && length >= sets.length) {
    // Put one character of each class at distinct random positions.
    const positions = new Set<number>();
    while (positions.size < sets.length) positions.add(randomInt(length));
    [...positions].forEach((pos, i) => (out[pos] = sets[i]![randomInt(sets[i]!.length)]!));
  }
  return out.join('');
}
