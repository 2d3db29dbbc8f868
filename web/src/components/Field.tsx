// A labelled form control with its hint and its error, wired together with aria-describedby and
// aria-invalid so assistive technology reads the label, the hint and what is wrong.
import { useId, type ComponentProps, type ReactNode } from 'react';

interface Common {
  label: string;
  hint?: ReactNode;
  error?: string;
  /** Shown after the label; required fields also set `required` on the control. */
  optional?: boolean;
}

function describedBy(hintId: string, errorId: string, hint: unknown, error: unknown): string | undefined {
  return [hint ? hintId : '', error ? errorId : ''].filter(Boolean).join(' ') || undefined;
}

function Frame({ id, label, hint, error, optional, children }: Common & { id: string; children: ReactNode }) {
  return (
    <div className={`field${error ? ' field-invalid' : ''}`}>
      <label htmlFor={id}>
        {label}
        {optional ? <span className="field-optional"> (optional)</span> : null}
      </label>
      {hint ? (
        <p className="field-hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {children}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
    </div>
  );
}

export function TextField({ label, hint, error, optional, id, ...input }: Common & ComponentProps<'input'>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <Frame id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      <input
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${fieldId}-hint`, `${fieldId}-error`, hint, error)}
        {...input}
      />
    </Frame>
  );
}

export function TextArea({ label, hint, error, optional, id, ...textarea }: Common & ComponentProps<'textarea'>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <Frame id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      <textarea
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${fieldId}-hint`, `${fieldId}-error`, hint, error)}
        {...textarea}
      />
    </Frame>
  );
}

export function SelectField({ label, hint, error, optional, id, children, ...select }: Common & ComponentProps<'select'>) {
  const generated = useId();
  const fieldId = id ?? generated;
  return (
    <Frame id={fieldId} label={label} hint={hint} error={error} optional={optional}>
      <select
        id={fieldId}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(`${fieldId}-hint`, `${fieldId}-error`, hint, error)}
        {...select}
      >
        {children}
      </select>
    </Frame>
  );
}
