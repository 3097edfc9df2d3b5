import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/*
 * Renders a drizzle `sql` statement with its parameters written in as literals, for the simple query protocol
 * (several statements in one message = one round trip, one implicit transaction; docs/decisions/0006). Only plain
 * scalars are accepted; anything else throws rather than guessing a text form.
 */

const dialect = new PgDialect();

/**
 * PostgreSQL's quoting (as libpq's PQescapeLiteral): quotes doubled; with a backslash, an E'' string with it doubled.
 */
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

// quoted strings, quoted identifiers and comments are copied as they are; a placeholder is `$` + digits
const TOKENS = /'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\/|(?<![A-Za-z0-9_$])\$([0-9]+)/g;

/**
 * The statement's text with `$n` replaced by the literal of parameter n. Placeholders are only recognised outside
 * quoted strings, quoted identifiers and comments, so code-authored text is never altered.
 */
export function inlineSql(statement: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return withLiterals(text, params);
}

export function withLiterals(text: string, params: readonly unknown[]): string {
  return text.replace(TOKENS, (token, n: string | undefined) => {
    if (n === undefined) return token;
    const i = Number(n);
    if (i < 1 || i > params.length) throw new Error(`placeholder $${n} has no parameter`);
    return literal(params[i - 1]);
  });
}

/**
 * A statement to run as a prepared statement through the simple protocol: PREPARE once per connection, then EXECUTE.
 */
export interface PreparedCall {
  name: string;
  /** The statement with `$n` placeholders (PREPARE … AS text). */
  text: string;
  params: readonly unknown[];
  /** `execute name(literal, …)`. */
  execute: string;
  /** The statement with its literals written in (when a connection holds too many prepared statements already). */
  inline(): string;
}

const names = new Map<string, string>();

export function preparedCall(statement: SQL): PreparedCall {
  const { sql: text, params } = dialect.sqlToQuery(statement);
  let name = names.get(text);
  if (!name) {
    name = `jinguo_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 1000) names.set(text, name);
  }
  const args = params.map(literal);
  return {
    name,
    text,
    params,
    execute: args.length ? `execute ${name}(${args.join(', ')})` : `execute ${name}`,
    inline: () => withLiterals(text, params),
  };
}
