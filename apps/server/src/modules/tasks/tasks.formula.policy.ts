/*
 * The report forms' small formula language: arithmetic, comparisons, and/or/not, and a few functions, over the form's
 * number fields — parsed by hand into a tree and evaluated over plain values (no eval, no Function, no property access
 * on objects: a name is looked up in a Map the caller builds). Pure.
 *
 *   expr    := or
 *   or      := and ( ('or' | '||') and )*
 *   and     := not ( ('and' | '&&') not )*
 *   not     := ('not' | '!') not | compare
 *   compare := sum ( ('<' | '<=' | '>' | '>=' | '==' | '=' | '!=') sum )?
 *   sum     := product ( ('+' | '-') product )*
 *   product := unary ( ('*' | '/') unary )*
 *   unary   := '-' unary | primary
 *   primary := number | name | name '.' name | name '(' expr (',' expr)* ')' | '(' expr ')'
 *
 * `table.column` names a column of a repeating table, only inside sum/avg/count/min/max of one argument.
 */

export type Node =
  | { t: 'num'; v: number }
  | { t: 'ref'; name: string; column?: string }
  | { t: 'call'; fn: string; args: Node[] }
  | { t: 'bin'; op: string; l: Node; r: Node }
  | { t: 'not'; e: Node }
  | { t: 'neg'; e: Node };

export class FormulaError extends Error {}

export const FUNCTIONS = ['sum', 'avg', 'count', 'min', 'max', 'abs', 'round', 'if'] as const;
const AGGREGATES = new Set(['sum', 'avg', 'count', 'min', 'max']);

type Token = { k: 'num'; v: number } | { k: 'name'; v: string } | { k: 'op'; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) {
      i++;
      continue;
    }
    const num = /^(\d+(\.\d+)?|\.\d+)/.exec(src.slice(i));
    if (num) {
      out.push({ k: 'num', v: Number(num[0]) });
      i += num[0].length;
      continue;
    }
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i));
    if (name) {
      out.push({ k: 'name', v: name[0] });
      i += name[0].length;
      continue;
    }
    const op = /^(<=|>=|==|!=|&&|\|\||[-+*/()<>=!,.])/.exec(src.slice(i));
    if (!op) throw new FormulaError(`unexpected character "${c}" at ${i + 1}`);
    out.push({ k: 'op', v: op[0] });
    i += op[0].length;
  }
  return out;
}

export function parseFormula(src: string): Node {
  const tokens = tokenize(src);
  let pos = 0;
  const peek = () => tokens[pos];
  const isOp = (v: string) => peek()?.k === 'op' && peek()!.v === v;
  const isWord = (v: string) => peek()?.k === 'name' && String(peek()!.v).toLowerCase() === v;
  const expect = (v: string) => {
    if (!isOp(v)) throw new FormulaError(`expected "${v}"`);
    pos++;
  };

  function or(): Node {
    let l = and();
    while (isOp('||') || isWord('or')) {
      pos++;
      l = { t: 'bin', op: 'or', l, r: and() };
    }
    return l;
  }
  function and(): Node {
    let l = not();
    while (isOp('&&') || isWord('and')) {
      pos++;
      l = { t: 'bin', op: 'and', l, r: not() };
    }
    return l;
  }
  function not(): Node {
    if (isOp('!') || isWord('not')) {
      pos++;
      return { t: 'not', e: not() };
    }
    return compare();
  }
  function compare(): Node {
    const l = sum();
    const tok = peek();
    if (tok?.k === 'op' && ['<', '<=', '>', '>=', '==', '=', '!='].includes(tok.v)) {
      pos++;
      return { t: 'bin', op: tok.v === '=' ? '==' : tok.v, l, r: sum() };
    }
    return l;
  }
  function sum(): Node {
    let l = product();
    while (isOp('+') || isOp('-')) {
      const op = tokens[pos++]!.v as string;
      l = { t: 'bin', op, l, r: product() };
    }
    return l;
  }
  function product(): Node {
    let l = unary();
    while (isOp('*') || isOp('/')) {
      const op = tokens[pos++]!.v as string;
      l = { t: 'bin', op, l, r: unary() };
    }
    return l;
  }
  function unary(): Node {
    if (isOp('-')) {
      pos++;
      return { t: 'neg', e: unary() };
    }
    return primary();
  }
  function primary(): Node {
    const tok = peek();
    if (!tok) throw new FormulaError('the formula ends too early');
    if (tok.k === 'num') {
      pos++;
      return { t: 'num', v: tok.v };
    }
    if (tok.k === 'op' && tok.v === '(') {
      pos++;
      const e = or();
      expect(')');
      return e;
    }
    if (tok.k === 'name') {
      pos++;
      if (isOp('(')) {
        const fn = tok.v.toLowerCase();
        if (!(FUNCTIONS as readonly string[]).includes(fn)) throw new FormulaError(`unknown function ${tok.v}`);
        pos++;
        const args: Node[] = [];
        if (!isOp(')')) {
          args.push(or());
          while (isOp(',')) {
            pos++;
            args.push(or());
          }
        }
        expect(')');
        checkArity(fn, args);
        return { t: 'call', fn, args };
      }
      if (isOp('.')) {
        pos++;
        const col = peek();
        if (col?.k !== 'name') throw new FormulaError(`expected a column name after ${tok.v}.`);
        pos++;
        return { t: 'ref', name: tok.v, column: col.v };
      }
      return { t: 'ref', name: tok.v };
    }
    throw new FormulaError(`unexpected "${tok.v}"`);
  }

  const root = or();
  if (pos < tokens.length) throw new FormulaError(`unexpected "${String(tokens[pos]!.v)}"`);
  checkColumnRefs(root, false);
  return root;
}

function checkArity(fn: string, args: Node[]): void {
  const n = args.length;
  const ok =
    fn === 'if' ? n === 3 : fn === 'round' ? n === 1 || n === 2 : fn === 'abs' ? n === 1 : AGGREGATES.has(fn) && n >= 1;
  if (!ok) throw new FormulaError(`wrong number of arguments to ${fn}`);
  if ((fn === 'sum' || fn === 'avg' || fn === 'count') && n !== 1)
    throw new FormulaError(`${fn} takes one table column`);
}

/** table.column only as the single argument of an aggregate. */
function checkColumnRefs(n: Node, insideAggregate: boolean): void {
  switch (n.t) {
    case 'ref':
      if (n.column !== undefined && !insideAggregate)
        throw new FormulaError(`${n.name}.${n.column} can only be used inside sum, avg, count, min or max`);
      return;
    case 'call': {
      const agg = AGGREGATES.has(n.fn) && n.args.length === 1;
      for (const a of n.args) checkColumnRefs(a, agg && a.t === 'ref');
      return;
    }
    case 'bin':
      checkColumnRefs(n.l, false);
      checkColumnRefs(n.r, false);
      return;
    case 'not':
    case 'neg':
      checkColumnRefs(n.e, false);
      return;
    case 'num':
      return;
  }
}

/** Every name a formula reads: a field, or a table with the column it reads (`count(t)` reads the table). */
export function references(n: Node): { name: string; column?: string }[] {
  switch (n.t) {
    case 'ref':
      return [n.column === undefined ? { name: n.name } : { name: n.name, column: n.column }];
    case 'call':
      return n.args.flatMap(references);
    case 'bin':
      return [...references(n.l), ...references(n.r)];
    case 'not':
    case 'neg':
      return references(n.e);
    case 'num':
      return [];
  }
}

export type Value = number | boolean | null;
/** What a formula sees: number fields by name, and each table's rows (column → number or null). */
export interface Scope {
  value(name: string): Value;
  rows(table: string): readonly Record<string, unknown>[] | null;
}

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const truthy = (v: Value) => v === true || (typeof v === 'number' && v !== 0);

/** Evaluates a formula. An empty input or a division by zero gives null (an empty result), never NaN or Infinity. */
export function evaluate(n: Node, scope: Scope): Value {
  switch (n.t) {
    case 'num':
      return n.v;
    case 'ref':
      return scope.value(n.name);
    case 'neg': {
      const v = evaluate(n.e, scope);
      return typeof v === 'number' ? -v : null;
    }
    case 'not': {
      const v = evaluate(n.e, scope);
      return v === null ? null : !truthy(v);
    }
    case 'call':
      return call(n.fn, n.args, scope);
    case 'bin': {
      const l = evaluate(n.l, scope);
      if (n.op === 'and' && l !== null && !truthy(l)) return false;
      if (n.op === 'or' && l !== null && truthy(l)) return true;
      const r = evaluate(n.r, scope);
      if (l === null || r === null) return null;
      if (n.op === 'and' || n.op === 'or') return truthy(r);
      const a = Number(l);
      const b = Number(r);
      switch (n.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? null : a / b;
        case '<':
          return a < b;
        case '<=':
          return a <= b + 1e-9;
        case '>':
          return a > b;
        case '>=':
          return a + 1e-9 >= b;
        case '==':
          return Math.abs(a - b) < 1e-9;
        case '!=':
          return Math.abs(a - b) >= 1e-9;
      }
      throw new FormulaError(`unknown operator ${n.op}`);
    }
  }
}

function call(fn: string, args: Node[], scope: Scope): Value {
  const only = args.length === 1 ? args[0]! : null;
  if (AGGREGATES.has(fn) && only?.t === 'ref' && (only.column !== undefined || fn === 'count')) {
    const rows = scope.rows(only.name) ?? [];
    if (fn === 'count') return rows.length;
    const xs = rows.map((r) => num(r[only.column!])).filter((x): x is number => x !== null);
    if (fn === 'sum') return xs.reduce((a, b) => a + b, 0);
    if (!xs.length) return null;
    if (fn === 'avg') return xs.reduce((a, b) => a + b, 0) / xs.length;
    return fn === 'min' ? Math.min(...xs) : Math.max(...xs);
  }
  if (fn === 'if') {
    const c = evaluate(args[0]!, scope);
    if (c === null) return null;
    return evaluate(truthy(c) ? args[1]! : args[2]!, scope);
  }
  const vs = args.map((a) => evaluate(a, scope));
  if (vs.some((v) => v === null)) return null;
  const xs = vs.map(Number);
  switch (fn) {
    case 'abs':
      return Math.abs(xs[0]!);
    case 'round': {
      const f = 10 ** Math.max(0, Math.min(6, Math.trunc(xs[1] ?? 0)));
      return Math.round((xs[0]! + Number.EPSILON) * f) / f;
    }
    case 'min':
      return Math.min(...xs);
    case 'max':
      return Math.max(...xs);
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'avg':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
  }
  throw new FormulaError(`${fn} cannot be used this way`);
}
