import { AppError } from '../errors.js';

/** Opaque cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(value: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

export function decodeCursor<T extends Record<string, unknown>>(cursor: string | undefined): T | null {
  if (!cursor) return null;
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as T;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/** The one error every list gives for a cursor it did not write. */
export function invalidCursor(): AppError {
  return new AppError('VALIDATION_FAILED', {
    field: 'cursor',
    zh: '分页游标无效（cursor）',
    en: 'The page cursor is not valid (cursor)',
    errors: [
      { field: 'cursor', code: 'invalid_cursor', message: { 'zh-CN': '分页游标无效', 'en-US': 'invalid page cursor' } },
    ],
  });
}

const KEY_FORMS = {
  /** As `Date.toISOString()` writes it, or with microseconds as PostgreSQL's `to_char(… 'US')` does. */
  timestamp: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,6})?Z$/,
  date: /^\d{4}-\d{2}-\d{2}$/,
};

/**
 * A keyset cursor `{ k, id }` whose key the database will cast (`::timestamptz`, `::date`): the key must have the form
 * the list wrote and be a real instant or day, and the id an integer. A cursor is the client's to hand back, not to
 * write: anything else is a 400 naming `cursor`, never a database error.
 */
export function decodeKeysetCursor(
  cursor: string | undefined,
  key: keyof typeof KEY_FORMS,
): { k: string; id: number } | null {
  const value = decodeCursor<{ k: unknown; id: unknown }>(cursor);
  if (!value) return null;
  const { k, id } = value;
  if (typeof k !== 'string' || !KEY_FORMS[key].test(k)) throw invalidCursor();
  // JavaScript rolls 02-30 over into March and 24:00 into the next day; PostgreSQL refuses the first. A real key
  // reads back the same to the second.
  const at = Date.parse(key === 'date' ? `${k}T00:00:00Z` : k);
  const exact = key === 'date' ? 10 : 19;
  if (
    Number.isFinite(at) &&
    new Date(at).toISOString().slice(0, exact) === k.slice(0, exact) &&
    Number.isSafeInteger(id)
  )
    return { k, id: id as number };
  throw invalidCursor();
}
