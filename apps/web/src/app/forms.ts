import type { FormInstance } from 'antd';
import type { Dayjs } from 'dayjs';
import type { z } from 'zod';
import i18n from '../i18n';
import { ApiError } from './api';
import { notifySuccess } from './notify';

type FieldPath = (string | number)[];

function toPath(field: string): FieldPath {
  return field
    .replace(/^body\./, '')
    .split('.')
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

/** Puts the server's field errors (problem+json `errors[]` / `field`) on the matching form fields. */
export function applyProblemToForm(form: FormInstance, err: unknown): void {
  if (!(err instanceof ApiError)) return;
  const lang = i18n.language === 'en-US' ? 'en-US' : 'zh-CN';
  const { errors, field, message } = err.problem;
  const fields = (errors ?? []).map((e) => ({ name: toPath(e.field), errors: [e.message[lang]] }));
  if (fields.length === 0 && field) fields.push({ name: toPath(field), errors: [message[lang]] });
  if (fields.length > 0) form.setFields(fields);
}

/** Validates form values with the shared contract schema; marks the offending fields on failure. */
export function parseWith<S extends z.ZodType>(schema: S, values: unknown, form: FormInstance): z.infer<S> | null {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const seen = new Set<string>();
  const fields = [];
  for (const issue of result.error.issues) {
    const name = issue.path.filter((p): p is string | number => typeof p !== 'symbol');
    const key = name.join('.');
    if (seen.has(key)) continue;
    seen.add(key);
    fields.push({ name, errors: [i18n.t('form.invalid')] });
  }
  form.setFields(fields);
  return null;
}

/** Drops empty strings and undefined (create forms: an empty optional field is absent). */
export function compact<T extends Record<string, unknown>>(values: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(values) as [keyof T, T[keyof T]][]) {
    if (v === undefined || v === '') continue;
    out[k] = v;
  }
  return out;
}

/** Empty strings become null (edit forms: clearing a field clears the value). */
export function nullify<T extends Record<string, unknown>>(values: T): { [K in keyof T]: T[K] | null } {
  const out = {} as { [K in keyof T]: T[K] | null };
  for (const [k, v] of Object.entries(values) as [keyof T, T[keyof T]][]) {
    out[k] = v === '' || v === undefined ? null : v;
  }
  return out;
}

export const isoDate = (d: Dayjs | null | undefined): string | undefined => (d ? d.format('YYYY-MM-DD') : undefined);

interface Mutation<I> {
  mutate(input: I, options: { onSuccess: () => void; onError: (err: unknown) => void }): void;
}

/**
 * The submit of a small form dialog: parse the values with the contract schema (errors onto the fields), run the
 * mutation, then say "saved" and close, or put the server's field errors onto the form.
 */
export function submitParsed<S extends z.ZodType>(
  form: FormInstance,
  schema: S,
  values: unknown,
  mutation: Mutation<z.infer<S>>,
  onDone: () => void,
): void {
  const input = parseWith(schema, values, form);
  if (!input) return;
  mutation.mutate(input, {
    onSuccess: () => {
      notifySuccess(i18n.t('common.saved'));
      onDone();
    },
    onError: (err) => applyProblemToForm(form, err),
  });
}
