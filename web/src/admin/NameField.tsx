// The input for a Paved name (users, groups, service accounts): the server's naming rule checked in the
// browser too, and no auto-capitalising or spell-checking of identifiers.
import type { ComponentProps } from 'react';
import { TextField } from '../components/Field';
import { NAME_PATTERN } from './model';

export function NameField(props: ComponentProps<typeof TextField>) {
  return <TextField required maxLength={63} pattern={NAME_PATTERN} autoCapitalize="none" autoComplete="off" spellCheck={false} {...props} />;
}
