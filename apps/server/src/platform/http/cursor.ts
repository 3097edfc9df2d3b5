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
  throw new AppError('VALIDATION_FAILED', {
    field: 'cursor',
    zh: '分页游标无效（cursor）',
    en: 'The page cursor is not valid (cursor)',
    errors: [{ field: 'cursor', code: 'invalid_cursor', message: { 'zh-CN': '分页游标无效', 'en-US': 'invalid page cursor' } }],
  });
}
