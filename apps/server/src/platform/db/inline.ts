import { createHash } from 'node:crypto';
import { SQL, StringChunk } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';

/*
 * Renders a drizzle `sql` statement with its parameters written in as literals, for the simple query protocol
 * (several statements in one message = one round trip, one implicit transaction; docs/decisions/0006). Only plain
 * scalars are accepted; anything else throws rather than guessing a text form.
 */

const dialect = new PgDialect();

interface Query {
  sql: string;
  params: unknown[];
}

/** `sql\`…\`.inlineParams()`: drizzle writes its values in; left to drizzle. */
const inlinesParams = (statement: SQL) => (statement as unknown as { shouldInlineParams: boolean }).shouldInlineParams;

/**
 * Appends `chunks` to `out` as drizzle's PgDialect renders them, for what statements written with `sql` are made of:
 * text, nested `sql` (sql.join too), arrays (a parenthesised list) and scalar values (a `$n` placeholder each).
 * False on anything else (columns, tables, names, `sql.param`, inlined SQL, other objects): the caller then lets
 * drizzle render the whole statement.
 */
function appendChunks(chunks: readonly unknown[], out: Query): boolean {
  for (const chunk of chunks) {
    if (chunk instanceof StringChunk) {
      out.sql += chunk.value.join('');
    } else if (chunk === undefined) {
      continue;
    } else if (chunk instanceof SQL) {
      if (inlinesParams(chunk) || !appendChunks(chunk.queryChunks, out)) return false;
    } else if (Array.isArray(chunk)) {
      out.sql += '(';
      for (let i = 0; i < chunk.length; i++) {
        if (i > 0) out.sql += ', ';
        if (!appendChunks([chunk[i]], out)) return false;
      }
      out.sql += ')';
    } else if (chunk === null || (typeof chunk !== 'object' && typeof chunk !== 'function') || chunk instanceof Date) {
      out.params.push(chunk);
      out.sql += `$${out.params.length}`;
    } else {
      return false;
    }
  }
  return true;
}

/**
 * The statement's text with `$n` placeholders and its parameters, exactly as `PgDialect.sqlToQuery` gives them.
 * Every read renders its statement (and its scope setup) on every request, and drizzle's general renderer (a span,
 * merged sub-results and entity checks per chunk) cost more than the rest of the request's SQL handling: the plain
 * shapes are rendered here in one pass, anything else by drizzle (inline.test.ts holds them to the same output).
 */
export function renderSql(statement: SQL): { sql: string; params: unknown[] } {
  const out: Query = { sql: '', params: [] };
  if (!inlinesParams(statement) && appendChunks(statement.queryChunks, out)) return out;
  const { sql: text, params } = dialect.sqlToQuery(statement);
  return { sql: text, params };
}

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
  const { sql: text, params } = renderSql(statement);
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
  const { sql: text, params } = renderSql(statement);
  let name = names.get(text);
  if (!name) {
    name = `jinguo_${createHash('sha1').update(text).digest('hex').slice(0, 24)}`;
    if (names.size < 1000) names.set(text, name);
  }
  const args = params.map(literal);
  return new Call(name, text, params, args.length ? `execute ${name}(${args.join(', ')})` : `execute ${name}`);
}

/** A class rather than an object with a closure: under tsx every closure made per request is named at run time. */
class Call implements PreparedCall {
  constructor(
    readonly name: string,
    readonly text: string,
    readonly params: readonly unknown[],
    readonly execute: string,
  ) {}
  inline(): string {
    return withLiterals(this.text, this.params);
  }
}
