import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/*
 * Renders a drizzle `sql` statement with its parameters written in as literals, for the simple query protocol
 * (several statements in one message = one round trip, one implicit transaction; docs/decisions/0005). Only plain
 * scalars are accepted; anything else throws rather than guessing a text form.
 */

const dialect = new PgDialect();

/** PostgreSQL's quoting (as libpq's PQescapeLiteral): quotes doubled; with a backslash, an E'' string with it doubled. */
export function quoteLiteral(value: string): string {
  if (value.includes('\0')) throw new Error('a literal cannot contain a NUL character');
  const quoted = `'${value.replaceAll("'", "''")}'`;
  return value.includes('\\') ? ` E${quoted.replaceAll('\\', '\\\\')}` : quoted;
}

export function literal(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as a SQL literal`);
    // parenthesised so a negative number never forms an operator with what precedes it
    return value < 0 ? `(${String(value)})` : String(value);
  }
  if (typeof value === 'string') return quoteLiteral(value);
  if (value instanceof Date) return quoteLiteral(value.toISOString());
  throw new Error(`cannot write a ${Object.prototype.toString.call(value)} as a SQL literal`);
}

/**
 * The statement's text with `$n` replaced by the literal of parameter n. Placeholders are only recognised outside
 * quoted strings, quoted identifiers and comments, so code-authored text is never altered.
 */
export function inlineSql(statement: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === "'" || c === '"') {
      const end = closing(text, i, c);
      out += text.slice(i, end);
      i = end;
    } else if (c === '-' && text[i + 1] === '-') {
      const nl = text.indexOf('\n', i);
      const end = nl < 0 ? text.length : nl;
      out += text.slice(i, end);
      i = end;
    } else if (c === '/' && text[i + 1] === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      out += text.slice(i, end);
      i = end;
    } else if (c === '$' && /[0-9]/.test(text[i + 1] ?? '') && !/[A-Za-z0-9_$]/.test(text[i - 1] ?? '')) {
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      const n = Number(text.slice(i + 1, j));
      if (n < 1 || n > params.length) throw new Error(`placeholder $${n} has no parameter`);
      out += literal(params[n - 1]);
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Index just past the quoted run starting at `start` (a doubled quote stays inside it). */
function closing(text: string, start: number, quote: string): number {
  let i = start + 1;
  for (;;) {
    const q = text.indexOf(quote, i);
    if (q < 0) return text.length;
    if (text[q + 1] === quote) i = q + 2;
    else return q + 1;
  }
}
